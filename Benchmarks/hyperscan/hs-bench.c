// hs-bench: Hyperscan on the banners that banners-bench times, as a reference row.
//
// banners-bench compiles this file with `cc -O2 ... -lhs` when it runs (so the package
// builds where libhyperscan-dev is missing) and calls it with
//
//   hs-bench PATTERNS BANNERS RUNS
//
// PATTERNS: the rules' PCRE2 patterns (as banners translates the awk regexes), each
// followed by a NUL byte, in rule order. BANNERS: each banner as a 4-byte little-endian
// length and its bytes. Compiles the patterns into one block-mode database with
// HS_FLAG_DOTALL (awk's '.' matches a newline) and HS_FLAG_SINGLEMATCH (a rule counts
// once per banner, as banners' all-matches evaluation does), then times, after one
// untimed warm-up, RUNS scans of every banner per mode and prints the medians:
//
//   all SECONDS MATCHES     every rule that matches each banner, counted
//   first SECONDS MATCHED   the lowest-numbered matching rule per banner (Hyperscan
//                           reports in order of end offset, so this scans the whole
//                           banner too); banners with a match, counted
//   dropped N               patterns Hyperscan rejected (named on stderr), left out
//
// Setup (reading, compiling, scratch) is not timed. One core, one scratch; CPU time.
#include <hs/hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file) { perror(path); exit(2); }
  fseek(file, 0, SEEK_END);
  long length = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc((size_t)length + 1);
  if (!bytes || fread(bytes, 1, (size_t)length, file) != (size_t)length) {
    fprintf(stderr, "hs-bench: cannot read %s\n", path);
    exit(2);
  }
  bytes[length] = 0;
  fclose(file);
  *size = (size_t)length;
  return bytes;
}

// CPU time of this thread, as banners-bench times banners' own rows: on a loaded
// machine, wall time counts the waits for a core as well.
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

struct state {
  unsigned long long matches;
  unsigned int lowest;
};

static int on_match_count(unsigned int id, unsigned long long from, unsigned long long to,
                          unsigned int flags, void *context) {
  (void)id; (void)from; (void)to; (void)flags;
  ((struct state *)context)->matches++;
  return 0;
}

static int on_match_lowest(unsigned int id, unsigned long long from, unsigned long long to,
                           unsigned int flags, void *context) {
  (void)from; (void)to; (void)flags;
  struct state *state = context;
  if (id < state->lowest) state->lowest = id;
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: hs-bench PATTERNS BANNERS RUNS\n");
    return 2;
  }
  int runs = atoi(argv[3]);
  if (runs < 1) runs = 1;

  size_t pattern_bytes;
  char *pattern_text = read_file(argv[1], &pattern_bytes);
  size_t count = 0;
  for (size_t i = 0; i < pattern_bytes; i++) count += pattern_text[i] == 0;
  const char **expressions = calloc(count, sizeof *expressions);
  unsigned int *ids = calloc(count, sizeof *ids);
  unsigned int *flags = calloc(count, sizeof *flags);
  size_t offset = 0;
  for (size_t i = 0; i < count; i++) {
    expressions[i] = pattern_text + offset;
    ids[i] = (unsigned int)i;
    flags[i] = HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    offset += strlen(pattern_text + offset) + 1;
  }

  // Hyperscan refuses some PCRE constructs: leave such a pattern out, say which, retry.
  hs_database_t *database = NULL;
  size_t dropped = 0;
  for (;;) {
    hs_compile_error_t *error = NULL;
    if (hs_compile_multi(expressions, flags, ids, (unsigned int)count, HS_MODE_BLOCK, NULL,
                         &database, &error) == HS_SUCCESS)
      break;
    if (error->expression < 0) {
      fprintf(stderr, "hs-bench: %s\n", error->message);
      return 2;
    }
    size_t bad = (size_t)error->expression;
    fprintf(stderr, "hs-bench: rule %u left out: %s\n", ids[bad], error->message);
    hs_free_compile_error(error);
    memmove(&expressions[bad], &expressions[bad + 1], (count - bad - 1) * sizeof *expressions);
    memmove(&ids[bad], &ids[bad + 1], (count - bad - 1) * sizeof *ids);
    memmove(&flags[bad], &flags[bad + 1], (count - bad - 1) * sizeof *flags);
    count--;
    dropped++;
    if (count == 0) {
      fprintf(stderr, "hs-bench: no pattern compiles\n");
      return 2;
    }
  }
  hs_scratch_t *scratch = NULL;
  if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
    fprintf(stderr, "hs-bench: cannot allocate scratch\n");
    return 2;
  }

  size_t banner_bytes;
  char *banner_data = read_file(argv[2], &banner_bytes);
  size_t banners = 0;
  for (size_t at = 0; at + 4 <= banner_bytes; banners++) {
    uint32_t length;
    memcpy(&length, banner_data + at, 4);
    at += 4 + length;
  }
  const char **starts = calloc(banners, sizeof *starts);
  unsigned int *lengths = calloc(banners, sizeof *lengths);
  size_t at = 0;
  for (size_t i = 0; i < banners; i++) {
    uint32_t length;
    memcpy(&length, banner_data + at, 4);
    starts[i] = banner_data + at + 4;
    lengths[i] = length;
    at += 4 + length;
  }

  double *times = calloc((size_t)runs, sizeof *times);
  for (int mode = 0; mode < 2; mode++) {
    unsigned long long result = 0;
    for (int run = -1; run < runs; run++) {
      double start = now();
      unsigned long long total = 0;
      for (size_t i = 0; i < banners; i++) {
        struct state state = {0, UINT32_MAX};
        hs_scan(database, starts[i], lengths[i], 0, scratch,
                mode == 0 ? on_match_count : on_match_lowest, &state);
        total += mode == 0 ? state.matches : (state.lowest != UINT32_MAX);
      }
      if (run >= 0) times[run] = now() - start;
      result = total;
    }
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    printf("%s %.6f %llu\n", mode == 0 ? "all" : "first", times[runs / 2], result);
  }
  printf("dropped %zu\n", dropped);
  hs_free_scratch(scratch);
  hs_free_database(database);
  return 0;
}
