#!/usr/bin/env python3
"""The pyarrow side of `backfill-bench parquet`: writes ROWS rows of the same 10-column table (same formula
as Sources/backfill-bench/ParquetBenchmark.swift) with GZIP and prints the same figures.

usage: bench_parquet_pyarrow.py ROWS [--out FILE] [--level N]

`seconds` covers building the Arrow table and writing it (the Swift side also generates its rows while
writing); `write_seconds` covers pq.write_table alone. Without --level, pyarrow's default GZIP level is used.
"""
import os
import resource
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def build_table(rows):
    i = pa.array(range(rows), type=pa.int64())
    tenant_number = pc.cast(pc.subtract(i, pc.multiply(pc.divide(i, 50), 50)), pa.string())
    statuses = pa.array(["open", "closed", "pending", "resolved"])
    status_index = pc.subtract(pc.divide(i, 3), pc.multiply(pc.divide(pc.divide(i, 3), 4), 4))
    amount = pc.divide(pc.cast(pc.subtract(pc.multiply(i, 7919),
                                           pc.multiply(pc.divide(pc.multiply(i, 7919), 100003), 100003)),
                               pa.float64()), 100.0)
    quantity = pc.cast(pc.subtract(pc.multiply(i, 31), pc.multiply(pc.divide(pc.multiply(i, 31), 1000), 1000)),
                       pa.int32())
    active = pc.not_equal(pc.subtract(i, pc.multiply(pc.divide(i, 3), 3)), 0)
    day = pc.cast(pc.cast(pc.add(pc.subtract(i, pc.multiply(pc.divide(i, 365), 365)), 19723), pa.int32()),
                  pa.date32())
    created = pc.cast(pc.add(pc.multiply(i, 1000), 1704067200000), pa.timestamp("ms", tz="UTC"))
    description = pc.binary_join_element_wise("record ", pc.cast(i, pa.string()), " for tenant ", tenant_number, "")
    note_number = pc.cast(pc.subtract(i, pc.multiply(pc.divide(i, 1000), 1000)), pa.string())
    is_null = pc.equal(pc.subtract(i, pc.multiply(pc.divide(i, 5), 5)), 0)
    note = pc.if_else(is_null, pa.scalar(None, pa.string()), pc.binary_join_element_wise("note-", note_number, ""))
    schema = pa.schema([
        pa.field("id", pa.int64(), nullable=False),
        pa.field("tenant", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("amount", pa.float64(), nullable=False),
        pa.field("quantity", pa.int32(), nullable=False),
        pa.field("active", pa.bool_(), nullable=False),
        pa.field("day", pa.date32(), nullable=False),
        pa.field("created_at", pa.timestamp("ms", tz="UTC"), nullable=False),
        pa.field("description", pa.string(), nullable=False),
        pa.field("note", pa.string()),
    ])
    columns = [i, pc.binary_join_element_wise("tenant-", tenant_number, ""), pc.take(statuses, status_index),
               amount, quantity, active, day, created, description, note]
    return pa.Table.from_arrays(columns, schema=schema)


def main(arguments):
    rows = int(arguments[0])
    output = None
    level = None
    index = 1
    while index + 1 < len(arguments):
        if arguments[index] == "--out":
            output = arguments[index + 1]
        elif arguments[index] == "--level":
            level = int(arguments[index + 1])
        index += 2
    path = output or os.path.join(tempfile.gettempdir(), f"bench-pyarrow-{os.getpid()}.parquet")
    start = time.perf_counter()
    table = build_table(rows)
    write_start = time.perf_counter()
    pq.write_table(table, path, compression="gzip", compression_level=level)
    end = time.perf_counter()
    size = os.path.getsize(path)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    if output is None:
        os.remove(path)
    seconds = end - start
    print(f"rows: {rows}")
    print(f"row_groups: {groups}")
    print(f"gzip_level: {level if level is not None else pa.Codec.default_compression_level('gzip')}")
    print(f"seconds: {seconds:.2f} s")
    print(f"write_seconds: {end - write_start:.2f} s")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"cpu_seconds: {usage.ru_utime + usage.ru_stime:.2f} s")
    print(f"rows_per_second: {rows / seconds:.2f} rows/s")
    print(f"write_rows_per_second: {rows / (end - write_start):.2f} rows/s")
    print(f"mb_per_second: {size / 1e6 / seconds:.2f} MB/s")
    print(f"output_bytes: {size} bytes")
    print(f"peak_rss: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.2f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
