"""banners classify as the mapper of a Spark job: the posts' tables of a corpus
too big for one machine, tallied where its parts lie and merged.

    spark-submit bench/spark/tally.py BANNERS RULES CORPUS PARTS > tables.txt

BANNERS is the banners executable (on every worker), RULES a rule file (on every
worker, or shipped with --files), CORPUS a JSON Lines corpus Spark can read (a local
path in local mode, hdfs:// or s3a:// on a cluster), PARTS the number of partitions.
Each partition's lines go through `banners classify --tally --json RULES -` on a
worker (RDD.pipe); the driver collects the small tallies, one per partition, and
`banners merge -` adds them up. The tables are byte for byte those of one
`banners classify --tally` over the whole corpus (the test suite checks it in local
mode).

The master comes from spark-submit (--master), or SPARK_MASTER; local[2] otherwise.
"""

import os
import shlex
import subprocess
import sys

from pyspark import SparkConf, SparkContext


def main():
    banners, rules, corpus, parts = sys.argv[1:5]
    conf = SparkConf().setAppName("banners tally")
    conf.setIfMissing("spark.master", os.environ.get("SPARK_MASTER", "local[2]"))
    context = SparkContext(conf=conf)
    context.setLogLevel("ERROR")
    try:
        lines = context.textFile(corpus, minPartitions=int(parts))
        command = " ".join(
            shlex.quote(word)
            for word in [banners, "classify", "--tally", "--json",
                         "--input-format", "jsonl", rules, "-"])
        tallies = lines.pipe(command).collect()
    finally:
        context.stop()
    merged = subprocess.run(
        [banners, "merge", "-"], input="".join(line + "\n" for line in tallies),
        capture_output=True, text=True)
    sys.stderr.write(merged.stderr)
    sys.stdout.write(merged.stdout)
    sys.exit(merged.returncode)


if __name__ == "__main__":
    main()
