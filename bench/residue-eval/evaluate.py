#!/usr/bin/env python3
"""Scores `banners report`'s residue groups and suggested rules against Drain3 on the
labelled corpus of make_corpus.py, in one run, on the same input.

    pip install drain3
    swift build -c release --package-path Benchmarks --product residue-eval
    python3 bench/residue-eval/evaluate.py --banners 4000 --seed 1

Grouping (residue banners only; a product is the true template):
  groups, groups per product, purity (share of banners in their group's majority
  product), grouping accuracy (Loghub, Zhu et al. 2019: share of banners whose group is
  exactly the set of banners of their product).
Rules (banners only; Drain suggests none):
  claim only their product: no classified banner and no other product's banner contains
  the fragment; name the product: the fragment holds a word of the product's name;
  hold a host name, address or date: by form (dotted names, IPv4, month or day names
  with digits, the generator's bare host words);
  two-fold generalisation: rules suggested from one half (seeded split), appended to
  the base list, label the other half's residue; the share labelled by a rule whose
  group's majority product (in the first half) is the banner's own, averaged over both
  directions. Classified banners that a suggested rule moves are counted too (must be 0).
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# RESIDUE_EVAL_TOOL runs another build (say, of an older commit) on the same corpus.
TOOL = os.environ.get("RESIDUE_EVAL_TOOL") or os.path.join(ROOT, "Benchmarks", ".build", "release",
                                                         "residue-eval")


def run_tool(mode, rules, corpus):
    out = subprocess.run([TOOL, mode, rules, corpus], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def read_corpus(directory):
    with open(os.path.join(directory, "corpus.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    with open(os.path.join(directory, "labels.txt"), encoding="utf-8") as f:
        labels = [line.rstrip("\n") for line in f]
    return records, labels


def grouping_scores(assignment, products):
    """assignment and products: parallel lists over residue banners."""
    by_group = collections.defaultdict(list)
    by_product = collections.defaultdict(set)
    for index, (group, product) in enumerate(zip(assignment, products)):
        by_group[group].append(index)
        by_product[product].add(index)
    purity = sum(max(collections.Counter(products[i] for i in members).values())
                 for members in by_group.values()) / len(products)
    correct = 0
    for members in by_group.values():
        product = products[members[0]]
        if set(members) == by_product[product]:
            correct += len(members)
    groups_of = collections.defaultdict(set)
    for group, product in zip(assignment, products):
        groups_of[product].add(group)
    split = sum(1 for groups in groups_of.values() if len(groups) > 1)
    return {"groups": len(by_group), "groups_per_product": len(by_group) / len(by_product),
            "purity": purity, "grouping_accuracy": correct / len(products),
            "products_split": split}


def drain_groups(banners, masked):
    from drain3 import TemplateMiner
    from drain3.template_miner_config import TemplateMinerConfig
    from drain3.masking import MaskingInstruction
    config = TemplateMinerConfig()
    config.profiling_enabled = False
    if masked:
        # The masking drain3's own examples use: addresses, numbers, hex.
        config.masking_instructions = [
            MaskingInstruction(r"((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})((?=[^A-Za-z0-9])|$)", "IP"),
            MaskingInstruction(r"((?<=[^A-Za-z0-9])|^)(0x[a-f0-9A-F]+)((?=[^A-Za-z0-9])|$)", "HEX"),
            MaskingInstruction(r"((?<=[^A-Za-z0-9])|^)([\-\+]?\d+)((?=[^A-Za-z0-9])|$)", "NUM"),
        ]
    miner = TemplateMiner(config=config)
    # Drain reads one line per message: a multi-line greeting's lines are joined.
    return [miner.add_log_message(" ".join(b.split()))["cluster_id"] for b in banners]


NAME_STOP = {"smtp", "esmtp", "ftp", "pop3", "imap", "ssh", "server", "for", "go"}


def name_words(product):
    words = {w for w in re.split(r"[^a-z0-9]+", product.lower()) if len(w) >= 2}
    words -= NAME_STOP
    if product == "Go SSH":
        words = {"go"}
    return words


HOST_WORDS = ("mail|mx|smtp|relay|gw|post|ftp|files|pop|imap|srv|host|mailhub|exchange|ns|web|"
              "dmz|backup|edge|mta")
OTHER_HOSTS = "zeus|athena|orion|pluto|nebula|falcon|kiwi|nas|router|firewall|pc-042|raspberrypi|vps"
SUSPECT = [
    ("host name", re.compile(r"[A-Za-z0-9-]+\.[A-Za-z0-9-]+\.[A-Za-z]{2,}")),
    ("address", re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")),
    ("date", re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*\d|\d{1,2}:\d{2}:\d{2}")),
    ("bare host", re.compile(r"(^|[^A-Za-z])(%s)(\d+|-\d)?($|[^A-Za-z0-9])" % HOST_WORDS)),
    # The generator's other bare names (less those that are words of banners too:
    # server, debian, ubuntu, box), NetBIOS names, `localhost`, internal one-dot names.
    ("bare host", re.compile(r"(^|[^A-Za-z])(%s)(\d+|-\d)?($|[^A-Za-z0-9])" % OTHER_HOSTS)),
    ("bare host", re.compile(r"\b(MAILSRV|EXCH|SRV|DC|MX|FS|SBS|MAIL)-?\d+\b|localhost|"
                             r"\.(lan|corp|intern|home|internal|localdomain|local|priv)\b")),
]


def rule_scores(rules, banners, products, classified_banners):
    only, names, suspects, unnamed = 0, 0, [], []
    for rule in rules:
        fragment = rule["fragment"]
        claimed = {products[i] for i, b in enumerate(banners) if fragment in b}
        hits_classified = any(fragment in b for b in classified_banners)
        group_products = collections.Counter(
            products[i] for i, g in enumerate(rule["_assignment"]) if g == rule["group"])
        product = group_products.most_common(1)[0][0]
        if claimed == {product} and not hits_classified:
            only += 1
        if any(w in fragment.lower() for w in name_words(product)):
            names += 1
        else:
            unnamed.append("%s for %s" % (rule["rule"], product))
        for kind, pattern in SUSPECT:
            if pattern.search(fragment):
                suspects.append((kind, rule["rule"]))
    n = max(len(rules), 1)
    return {"rules": len(rules), "claim_only_their_product": only / n, "name_the_product": names / n,
            "suspect": suspects, "unnamed": unnamed}


def two_fold(records, labels, seed, workdir, base_rules):
    indices = list(range(len(records)))
    random.Random(seed).shuffle(indices)
    halves = [sorted(indices[0::2]), sorted(indices[1::2])]
    paths = []
    for h, half in enumerate(halves):
        path = os.path.join(workdir, "half%d.jsonl" % h)
        with open(path, "w", encoding="utf-8") as f:
            for i in half:
                f.write(json.dumps(records[i], ensure_ascii=False) + "\n")
        paths.append(path)
    with open(base_rules, encoding="utf-8") as f:
        base = f.read()
    shares, moved = [], 0
    for train, test in ((0, 1), (1, 0)):
        result = run_tool("group", base_rules, paths[train])
        train_labels = [labels[i] for i in halves[train]]
        majority = {}
        for g in set(result["groups"]):
            if g >= 0:
                majority[g] = collections.Counter(
                    l for l, gg in zip(train_labels, result["groups"]) if gg == g).most_common(1)[0][0]
        # Labels name the group, so the check knows which rule claimed a banner.
        text = base + "".join(re.sub(r"/ [^/]*$", "/ group%d" % r["group"], r["rule"]) + "\n"
                              for r in result["rules"])
        rules_path = os.path.join(workdir, "fold%d.rules" % train)
        with open(rules_path, "w", encoding="utf-8") as f:
            f.write(text)
        assigned = run_tool("label", rules_path, paths[test])["labels"]
        test_labels = [labels[i] for i in halves[test]]
        residue = [(l, a) for l, a in zip(test_labels, assigned) if not l.startswith("known:")]
        good = sum(1 for l, a in residue if a.startswith("group") and majority.get(int(a[5:])) == l)
        shares.append(good / len(residue))
        moved += sum(1 for l, a in zip(test_labels, assigned) if l.startswith("known:") and a.startswith("group"))
    return sum(shares) / 2, shares, moved


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--banners", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="directory to keep the corpus and outputs in")
    args = parser.parse_args()
    if not os.path.exists(TOOL):
        sys.exit("build the tool first: swift build -c release --package-path Benchmarks --product residue-eval")
    workdir = args.keep or tempfile.mkdtemp(prefix="residue-eval-")
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--banners", str(args.banners),
                    "--seed", str(args.seed), "--out", workdir], check=True)
    records, labels = read_corpus(workdir)
    base_rules = os.path.join(workdir, "base.rules")
    result = run_tool("group", base_rules, os.path.join(workdir, "corpus.jsonl"))
    residue_idx = [i for i, l in enumerate(labels) if not l.startswith("known:")]
    banners = [records[i]["banner"] for i in residue_idx]
    products = [labels[i] for i in residue_idx]
    classified = [records[i]["banner"] for i, l in enumerate(labels) if l.startswith("known:")]
    wrongly = sum(1 for i in residue_idx if result["groups"][i] < 0)
    assignment = [result["groups"][i] for i in residue_idx]
    product_count = len(set(products))
    print("corpus: %d banners, %d residue of %d products, %d classified (seed %d); %s"
          % (len(records), len(banners), product_count, len(classified), args.seed, workdir))
    if wrongly:
        print("warning: %d residue banners were classified or not grouped by the tool" % wrongly)
    rows = [("banners", grouping_scores(assignment, products))]
    for masked in (False, True):
        name = "Drain3 (masking)" if masked else "Drain3 (defaults)"
        rows.append((name, grouping_scores(drain_groups(banners, masked), products)))
    print()
    print("%-18s %7s %8s %7s %9s %7s" % ("grouping", "groups", "per prod", "purity", "accuracy", "split"))
    for name, s in rows:
        print("%-18s %7d %8.2f %7.3f %9.3f %7d" % (name, s["groups"], s["groups_per_product"], s["purity"],
                                                  s["grouping_accuracy"], s["products_split"]))
    for rule in result["rules"]:
        rule["_assignment"] = assignment
    scores = rule_scores(result["rules"], banners, products, classified)
    groups_with_rule = len({r["group"] for r in result["rules"]})
    print()
    print("rules: %d suggested for %d of %d groups" % (scores["rules"], groups_with_rule, rows[0][1]["groups"]))
    print("  claim only their product:        %.3f" % scores["claim_only_their_product"])
    print("  name the product:                %.3f" % scores["name_the_product"])
    print("  (rules that do not: %s)" % "; ".join(scores["unnamed"]))
    print("  hold a host name, address, date: %d %s" % (len(scores["suspect"]), scores["suspect"][:5]))
    mean, shares, moved = two_fold(records, labels, args.seed, workdir, base_rules)
    print("  two-fold generalisation:         %.3f (%.3f, %.3f); classified banners moved: %d"
          % (mean, shares[0], shares[1], moved))
    by_group = collections.defaultdict(list)
    for r in result["rules"]:
        by_group[r["group"]].append(r)
    print()
    print("groups (largest first): size, majority product, template, rules")
    sizes = collections.Counter(assignment)
    for g, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        majority = collections.Counter(p for p, a in zip(products, assignment) if a == g).most_common(2)
        rules = "; ".join("%s (%d)" % (r["rule"], r["claims"]) for r in by_group.get(g, [])) or "-"
        template = result["templates"][g] if g >= 0 else "?"
        print("  %5d  %-40s %-28s %s" % (size, ", ".join("%s %d" % m for m in majority), template, rules))


if __name__ == "__main__":
    main()
