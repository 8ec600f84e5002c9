"""banners report over a corpus too big for one machine, as two Spark rounds: the
first pass of each partition where it lies (`report --partial`), their merge on the
driver, the suggestion check of each partition against the merged residue
(`report --check`), and the merge of it all into the report of one run.

    spark-submit bench/spark/report.py BANNERS RULES CORPUS PARTS [KEEP] > report.txt

BANNERS is the banners executable (on every worker), RULES a rule file (on every
worker, or shipped with --files), CORPUS a JSON Lines corpus Spark can read, PARTS the
number of partitions. Each partition's lines are written to part-NNNNN.jsonl in a
scratch directory of the worker, so that the report's examples name the partition and
line they came from. The merged partial travels to the workers with SparkContext.addFile.

The rule file is named by its base name in the report (RULES resolves on each worker:
a path in local mode, the name --files gives it on a cluster). KEEP, a directory the
workers can write (local mode, or a shared file system), gets a copy of the rule file
and of every partition: `banners report smtp-1998.rules part-*.jsonl`, run there,
prints the same report byte for byte (the test suite checks it in local mode).

The master comes from spark-submit (--master), or SPARK_MASTER; local[2] otherwise.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from pyspark import SparkConf, SparkContext, SparkFiles


def run_on_partition(banners, arguments, rules, index, lines, keep):
    """Runs `banners ARGUMENTS RULES part-NNNNN.jsonl` on the partition's lines, in a
    scratch directory that holds both files; yields its output whole (one string).

    The rule file is named by its base name on every worker, so that every partial
    names the same rule list (its name is part of the partials' fingerprint)."""
    name = "part-%05d.jsonl" % index
    scratch = tempfile.mkdtemp(prefix="banners-spark-")
    try:
        shutil.copyfile(rules, os.path.join(scratch, os.path.basename(rules)))
        path = os.path.join(scratch, name)
        with open(path, "w", encoding="utf-8", newline="\n") as part:
            for line in lines:
                part.write(line + "\n")
        if keep:
            shutil.copyfile(path, os.path.join(keep, name))
        done = subprocess.run(
            [banners] + arguments + [os.path.basename(rules), name], cwd=scratch,
            capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("banners %s on %s: %s" % (arguments[0], name, done.stderr))
        yield done.stdout
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def merge(banners, arguments, outputs):
    done = subprocess.run(
        [banners, "merge"] + arguments + ["-"], input="".join(outputs),
        capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        sys.exit(done.returncode)
    return done.stdout


def main():
    banners, rules, corpus, parts = sys.argv[1:5]
    keep = os.path.abspath(sys.argv[5]) if len(sys.argv) > 5 else None
    if keep:
        shutil.copyfile(rules, os.path.join(keep, os.path.basename(rules)))
    conf = SparkConf().setAppName("banners report")
    conf.setIfMissing("spark.master", os.environ.get("SPARK_MASTER", "local[2]"))
    context = SparkContext(conf=conf)
    context.setLogLevel("ERROR")
    scratch = tempfile.mkdtemp(prefix="banners-spark-driver-")
    try:
        lines = context.textFile(corpus, minPartitions=int(parts)).cache()
        first = ["report", "--partial", "--input-format", "jsonl"]
        partials = lines.mapPartitionsWithIndex(
            lambda index, part: run_on_partition(
                banners, first, rules, index, part, keep)).collect()
        merged = os.path.join(scratch, "all.partial")
        with open(merged, "w", encoding="utf-8") as out:
            out.write(merge(banners, ["--partial"], partials))
        context.addFile(merged)
        second = ["report", "--input-format", "jsonl", "--check"]
        checks = lines.mapPartitionsWithIndex(
            lambda index, part: run_on_partition(
                banners, second + [SparkFiles.get("all.partial")], rules, index, part,
                None)).collect()
        with open(merged, encoding="utf-8") as partial:
            sys.stdout.write(merge(banners, [], [partial.read()] + checks))
    finally:
        context.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
