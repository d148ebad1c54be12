"""Every real public complaint sample ingests with its profile, with exact counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import warehouse as wh
from tests.analytics.ingest.helpers_ingest import ingest_into

# (file under tests/data/real, profile auto picks, read, loaded, updated, duplicate, quarantined)
# The files are trimmed slices of the real public samples (tests/data/real/*/SOURCE.md): every
# n-th record plus every record with a real defect, so the quarantines below are all the
# originals had. Quarantined rows are real defects: NYC "Unspecified" boroughs and
# closed-before-created dates, and LA rows without a council district or closed before created.
EXPECTED = [
    ("chicago_open311/chicago_open311_2014_sample.json", "open311", 50, 50, 0, 0, 0),  # whole
    (
        "cn_gov_messages_tipdm2020/messages_labeled_sample_attachment2.csv",
        "cn_gov_messages",
        495,
        494,
        0,
        1,
        0,
    ),  # whole; 留言编号 37042 twice: the later row wins
    ("cn_gov_messages_tipdm2020/messages_unlabeled_testset.csv", "cn_gov_messages", 71, 71, 0, 0, 0),
    (
        "cn_gov_messages_tipdm2020/messages_with_replies_attachment4.csv",
        "cn_gov_messages",
        74,
        74,
        0,
        0,
        0,
    ),  # one reply dated "2018/4/24" reads as midnight
    (
        "cn_gov_messages_tipdm2020/messages_with_votes_attachment3.csv",
        "cn_gov_messages",
        186,
        186,
        0,
        0,
        0,
    ),  # 22 留言时间 were native Excel dates
    (
        "cn_gov_messages_tipdm2020/original_xlsx/attachment2_labeled_sample.xlsx",
        "cn_gov_messages",
        51,
        50,
        0,
        1,
        0,
    ),  # both rows of 37042 kept: the later row wins
    (
        "cn_gov_messages_tipdm2020/original_xlsx/attachment3_messages_with_votes.xlsx",
        "cn_gov_messages",
        186,
        186,
        0,
        0,
        0,
    ),  # 19 datetime and 3 date cells among text dates
    (
        "cn_gov_messages_tipdm2020/original_xlsx/attachment4_messages_with_replies.xlsx",
        "cn_gov_messages",
        74,
        74,
        0,
        0,
        0,
    ),  # one reply dated "2018/4/24" reads as midnight
    ("cn_gov_messages_tipdm2020/original_xlsx/testset_unlabeled.xlsx", "cn_gov_messages", 71, 71, 0, 0, 0),
    # LA: 4 rows without a council district, 12 closed before created
    ("la311/la311_2017-12-27_to_12-31.csv", "la311", 517, 501, 0, 0, 16),
    # LA: 9 rows without a council district, 13 closed before created
    ("la311/la311_2018-01-01_to_01-04.csv", "la311", 523, 501, 0, 0, 22),
    # LA: 11 rows without a council district
    ("la311/la311_2020-01-01_to_01-03_lowercase.csv", "la311", 262, 251, 0, 0, 11),
    # NYC: 46 "Unspecified" boroughs
    ("nyc311/nyc311_2018-10-21_oneday.csv", "nyc311", 217, 171, 0, 0, 46),
    # NYC: 1 "Unspecified" borough
    ("nyc311/nyc311_2024-04-16_api_columns.csv", "nyc311", 202, 201, 0, 0, 1),
    # NYC: 1 "Unspecified" borough (request 61273192, in both the JSON and the CSV)
    ("nyc311/nyc311_2024-05-27_api.json", "nyc311", 127, 126, 0, 0, 1),
    ("nyc311/nyc311_2024-05-27_api_columns.csv", "nyc311", 127, 126, 0, 0, 1),
    # NYC: 3 "Unspecified" boroughs, 2 closed on the 01/01/1900 sentinel (before created)
    ("nyc311/nyc311_animal_complaints_2010-2025.csv", "nyc311", 596, 591, 0, 0, 5),
    # NYC: 26 "Unspecified" boroughs, 9 closed before created, 1 both
    ("nyc311/nyc311_mixed_2014-2019.csv", "nyc311", 357, 321, 0, 0, 36),
    ("nyc311/nyc311_noise_2016_old_schema.csv", "nyc311", 117, 117, 0, 0, 0),  # whole
]


@pytest.mark.parametrize(
    ("name", "profile", "read", "loaded", "updated", "duplicate", "quarantined"),
    EXPECTED,
    ids=[e[0].split("/")[-1] for e in EXPECTED],
)
def test_real_sample_ingests_with_its_profile(
    real_data: Path,
    db: Path,
    name: str,
    profile: str,
    read: int,
    loaded: int,
    updated: int,
    duplicate: int,
    quarantined: int,
) -> None:
    result = ingest_into([real_data / name], db=db)[0]
    assert result.status == "ok", result.message
    assert result.profile == profile
    assert (
        result.rows_read,
        result.rows_loaded,
        result.rows_updated,
        result.rows_duplicate,
        result.rows_quarantined,
    ) == (read, loaded, updated, duplicate, quarantined)
    assert result.balanced
    with wh.read_only(db) as con:
        stored = con.execute("SELECT count(*) FROM complaints").fetchall()[0][0]
        kept = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    assert (stored, kept) == (loaded, quarantined)


def test_same_requests_as_csv_and_json_are_duplicates(real_data: Path, db: Path) -> None:
    """The Socrata API JSON and CSV exports of one day hold the same requests (127 of the
    original 1,000 in the slices, the same ones in both)."""
    first, second = ingest_into(
        [
            real_data / "nyc311/nyc311_2024-05-27_api.json",
            real_data / "nyc311/nyc311_2024-05-27_api_columns.csv",
        ],
        db=db,
    )
    assert first.rows_loaded == 126
    assert (second.rows_loaded, second.rows_duplicate, second.rows_quarantined) == (0, 126, 1)


def test_government_messages_get_district_from_text(real_data: Path, db: Path) -> None:
    ingest_into([real_data / "cn_gov_messages_tipdm2020/messages_with_votes_attachment3.csv"], db=db)
    with wh.read_only(db) as con:
        derived, from_text, fallback = con.execute(
            "SELECT bool_and(district_derived), count(*) FILTER (WHERE district LIKE '%区'), "
            "count(*) FILTER (WHERE district = '全市') FROM complaints"
        ).fetchall()[0]
    assert derived
    assert from_text > 60 and fallback > 0  # 76 of the 186 messages name an A/B-district


def test_open311_offsets_become_local_time(real_data: Path, db: Path) -> None:
    ingest_into([real_data / "chicago_open311/chicago_open311_2014_sample.json"], db=db)
    with wh.read_only(db) as con:
        got = con.execute(
            "SELECT received_at::VARCHAR, district FROM complaints WHERE record_id = '14-00684314'"
        ).fetchall()
    assert got == [("2014-05-09 19:02:21", "21")]  # -05:00 in May is Chicago's own CDT
