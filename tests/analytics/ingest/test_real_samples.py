"""Every real public complaint sample ingests with its profile, with exact counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import warehouse as wh
from analytics.ingest.load import ingest_files

# (file under shared/data/real, profile auto picks, read, loaded, updated, duplicate, quarantined)
# Quarantined rows are real defects: NYC "Unspecified" boroughs and closed-before-created dates,
# and LA rows without a council district.
EXPECTED = [
    ("chicago_open311/chicago_open311_2014_sample.json", "open311", 50, 50, 0, 0, 0),
    ("cn_gov_messages_tipdm2020/messages_labeled_sample_attachment2.csv",
     "cn_gov_messages", 495, 494, 0, 1, 0),  # 留言编号 37042 twice: the later row wins
    ("cn_gov_messages_tipdm2020/messages_unlabeled_testset.csv",
     "cn_gov_messages", 2801, 2801, 0, 0, 0),
    ("cn_gov_messages_tipdm2020/messages_with_replies_attachment4.csv",
     "cn_gov_messages", 2816, 2816, 0, 0, 0),  # one reply dated "2018/4/24" reads as midnight
    ("cn_gov_messages_tipdm2020/messages_with_votes_attachment3.csv",
     "cn_gov_messages", 4326, 4326, 0, 0, 0),
    ("cn_gov_messages_tipdm2020/original_xlsx/attachment2_labeled_sample.xlsx",
     "cn_gov_messages", 495, 494, 0, 1, 0),
    ("cn_gov_messages_tipdm2020/original_xlsx/attachment3_messages_with_votes.xlsx",
     "cn_gov_messages", 4326, 4326, 0, 0, 0),
    ("cn_gov_messages_tipdm2020/original_xlsx/attachment4_messages_with_replies.xlsx",
     "cn_gov_messages", 2816, 2816, 0, 0, 0),  # one reply dated "2018/4/24" reads as midnight
    ("cn_gov_messages_tipdm2020/original_xlsx/testset_unlabeled.xlsx",
     "cn_gov_messages", 2801, 2801, 0, 0, 0),
    ("la311/la311_2017-12-27_to_12-31.csv", "la311", 9999, 9983, 0, 0, 16),
    ("la311/la311_2018-01-01_to_01-04.csv", "la311", 10000, 9978, 0, 0, 22),
    ("la311/la311_2020-01-01_to_01-03_lowercase.csv", "la311", 10000, 9989, 0, 0, 11),
    ("nyc311/nyc311_2018-10-21_oneday.csv", "nyc311", 6765, 6719, 0, 0, 46),
    ("nyc311/nyc311_2024-04-16_api_columns.csv", "nyc311", 1000, 999, 0, 0, 1),
    ("nyc311/nyc311_2024-05-27_api.json", "nyc311", 1000, 999, 0, 0, 1),
    ("nyc311/nyc311_2024-05-27_api_columns.csv", "nyc311", 1000, 999, 0, 0, 1),
    ("nyc311/nyc311_animal_complaints_2010-2025.csv", "nyc311", 5895, 5890, 0, 0, 5),
    ("nyc311/nyc311_mixed_2014-2019.csv", "nyc311", 1000, 964, 0, 0, 36),
    ("nyc311/nyc311_noise_2016_old_schema.csv", "nyc311", 117, 117, 0, 0, 0),
]


@pytest.mark.parametrize(("name", "profile", "read", "loaded", "updated", "duplicate",
                          "quarantined"), EXPECTED, ids=[e[0].split("/")[-1] for e in EXPECTED])
def test_real_sample_ingests_with_its_profile(real_data: Path, db: Path, name: str, profile: str,
                                              read: int, loaded: int, updated: int,
                                              duplicate: int, quarantined: int) -> None:
    result = ingest_files([real_data / name], db=db)[0]
    assert result.status == "ok", result.message
    assert result.profile == profile
    assert (result.rows_read, result.rows_loaded, result.rows_updated, result.rows_duplicate,
            result.rows_quarantined) == (read, loaded, updated, duplicate, quarantined)
    assert result.balanced
    with wh.read_only(db) as con:
        stored = con.execute("SELECT count(*) FROM complaints").fetchall()[0][0]
        kept = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    assert (stored, kept) == (loaded, quarantined)


def test_same_requests_as_csv_and_json_are_duplicates(real_data: Path, db: Path) -> None:
    """The Socrata API JSON and CSV exports of one day hold the same 1,000 requests."""
    first, second = ingest_files([real_data / "nyc311/nyc311_2024-05-27_api.json",
                                  real_data / "nyc311/nyc311_2024-05-27_api_columns.csv"], db=db)
    assert first.rows_loaded == 999
    assert (second.rows_loaded, second.rows_duplicate, second.rows_quarantined) == (0, 999, 1)


def test_government_messages_get_district_from_text(real_data: Path, db: Path) -> None:
    ingest_files([real_data / "cn_gov_messages_tipdm2020/messages_with_votes_attachment3.csv"],
                 db=db)
    with wh.read_only(db) as con:
        derived, from_text, fallback = con.execute(
            "SELECT bool_and(district_derived), count(*) FILTER (WHERE district LIKE '%区'), "
            "count(*) FILTER (WHERE district = '全市') FROM complaints").fetchall()[0]
    assert derived
    assert from_text > 1500 and fallback > 0  # 1,849 of 4,326 messages name an A/B-district


def test_open311_offsets_become_local_time(real_data: Path, db: Path) -> None:
    ingest_files([real_data / "chicago_open311/chicago_open311_2014_sample.json"], db=db)
    with wh.read_only(db) as con:
        got = con.execute("SELECT received_at::VARCHAR, district FROM complaints "
                          "WHERE record_id = '14-00684314'").fetchall()
    assert got == [("2014-05-09 19:02:21", "21")]  # -05:00 in May is Chicago's own CDT
