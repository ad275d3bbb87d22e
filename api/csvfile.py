"""CSV for spreadsheets: what /search, /documents and /crosswalk send as text/csv."""

import csv
import io


def excel_csv(rows: list[dict], columns: list[str]) -> str:
    """One row per record under a header of ``columns``, with a byte-order mark first so Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
