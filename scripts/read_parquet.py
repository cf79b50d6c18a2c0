#!/usr/bin/env python3
"""Reads Parquet (and NDJSON.gz) files with two independent readers, pyarrow and duckdb, and prints what
they saw as one JSON document on stdout, for the Swift tests of the Formats module to compare.

usage: read_parquet.py FILE.parquet|FILE.json.gz ...

Values are normalised so that JSON can carry them exactly: doubles as "d:<16 hex digits of the IEEE bits>"
("d:nan" for any NaN), binary as "b:<hex>", dates as days since 1970-01-01, timestamps as epoch milliseconds.
"""
import gzip
import json
import math
import struct
import sys

try:
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc  # noqa: F401  (imported to fail early if pyarrow is incomplete)
    import pyarrow.parquet as pq
except ImportError as error:  # the Swift test reports this with the pip line to run
    print(json.dumps({"error": f"missing Python module: {error.name}; run: python3 -m pip install pyarrow duckdb"}))
    sys.exit(3)


def norm(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "d:nan"
        return "d:" + struct.pack(">d", value).hex()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b:" + bytes(value).hex()
    raise TypeError(f"cannot normalise {type(value)}")


def arrow_values(array):
    """Plain Python values of an Arrow column, dates and timestamps as integers."""
    kind = array.type
    if pa.types.is_date32(kind):
        array = array.cast(pa.int32())
    elif pa.types.is_timestamp(kind):
        scale = {"s": -1000, "ms": 1, "us": 1000, "ns": 1000000}[kind.unit]
        ints = array.cast(pa.int64()).to_pylist()
        return [None if v is None else (v * -scale if scale < 0 else v // scale) for v in ints]
    elif isinstance(kind, pa.ExtensionType):
        array = array.storage
    return [norm(v) for v in array.to_pylist()]


def raw_stat(value, column):
    if value is None:
        return None
    if isinstance(value, bytes) and column.logical_type.type in ("STRING", "JSON"):
        return value.decode("utf-8")
    return norm(value)


def read_pyarrow(path):
    file = pq.ParquetFile(path)
    meta = file.metadata
    schema = file.schema
    columns = []
    for index in range(meta.num_columns):
        column = schema.column(index)
        columns.append({
            "name": column.name,
            "physical_type": column.physical_type,
            "logical_type": column.logical_type.type,
            "logical_type_text": str(column.logical_type),
            "converted_type": column.converted_type,
            "nullable": column.max_definition_level == 1,
        })
    row_groups = []
    for group_index in range(meta.num_row_groups):
        group = meta.row_group(group_index)
        chunks = []
        for index in range(group.num_columns):
            chunk = group.column(index)
            stats = chunk.statistics
            chunks.append({
                "compression": chunk.compression,
                "encodings": sorted(chunk.encodings),
                "has_dictionary_page": chunk.has_dictionary_page,
                "num_values": chunk.num_values,
                "null_count": stats.null_count if stats is not None and stats.has_null_count else None,
                "has_min_max": bool(stats is not None and stats.has_min_max),
                "min": raw_stat(stats.min_raw, schema.column(index)) if stats is not None and stats.has_min_max else None,
                "max": raw_stat(stats.max_raw, schema.column(index)) if stats is not None and stats.has_min_max else None,
            })
        row_groups.append({"num_rows": group.num_rows, "columns": chunks})
    table = file.read()
    return {
        "num_rows": meta.num_rows,
        "created_by": meta.created_by,
        "format_version": meta.format_version,
        "key_value": {k.decode(): v.decode() for k, v in (meta.metadata or {}).items()},
        "columns": columns,
        "arrow_types": [str(field.type) for field in table.schema],
        "row_groups": row_groups,
        "values": {name: arrow_values(table.column(name).combine_chunks()) for name in table.column_names},
    }


def duck_expression(name, kind):
    quoted = '"' + name.replace('"', '""') + '"'
    if kind == "DATE":
        return f"date_diff('day', DATE '1970-01-01', {quoted})"
    if kind.startswith("TIMESTAMP"):
        return f"epoch_ms({quoted})"
    if kind == "JSON":
        return f"CAST({quoted} AS VARCHAR)"
    return quoted


def read_duckdb(path):
    connection = duckdb.connect()
    source = "read_parquet(?)"
    described = connection.execute(f"DESCRIBE SELECT * FROM {source}", [path]).fetchall()
    names = [row[0] for row in described]
    types = [row[1] for row in described]
    expressions = ", ".join(duck_expression(name, kind) for name, kind in zip(names, types))
    rows = connection.execute(f"SELECT {expressions} FROM {source}", [path]).fetchall() if names else []
    metadata = connection.execute(
        "SELECT row_group_id, column_id, stats_null_count, compression FROM parquet_metadata(?) "
        "ORDER BY row_group_id, column_id", [path]).fetchall()
    return {
        "names": names,
        "types": types,
        "num_rows": len(rows),
        "values": {name: [norm(row[i]) for row in rows] for i, name in enumerate(names)},
        "null_counts": [[row[0], row[1], row[2]] for row in metadata],
        "compression": sorted({row[3] for row in metadata}),
    }


def read_ndjson(path):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = [json.loads(line) for line in stream if line.strip()]
    connection = duckdb.connect()
    count = connection.execute(
        "SELECT count(*) FROM read_json(?, format='newline_delimited', compression='gzip')", [path]).fetchone()[0]
    return {"python_gzip": [json.dumps(line, sort_keys=True) for line in lines], "duckdb_count": count}


def main(paths):
    result = {}
    for path in paths:
        try:
            if path.endswith(".json.gz"):
                result[path] = read_ndjson(path)
            else:
                result[path] = {"pyarrow": read_pyarrow(path), "duckdb": read_duckdb(path)}
        except Exception as error:  # reported per file; the Swift test fails with this text
            result[path] = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(result, ensure_ascii=False, allow_nan=False))


if __name__ == "__main__":
    main(sys.argv[1:])
