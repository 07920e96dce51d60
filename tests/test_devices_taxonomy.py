"""Checks on the shared device taxonomy, the Sochi device key and the loaded-word list.

Why: teachers edit these files by hand, and notebook 04, its charts and the grader all join on the
device ids and on exact quotes, so a typo in one file silently breaks scoring in another.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import yaml

from helpers.case import load_case
from helpers.case.quotes import find_all

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "lessons" / "taxonomy"
DEVICES_YAML = TAXONOMY / "devices.yaml"
LOADED_WORDS = TAXONOMY / "loaded_words.txt"
SOCHI_KEY = ROOT / "lessons" / "cases" / "sochi-2015" / "key" / "devices.csv"
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")

PTC_TECHNIQUES = {
    "loaded-language",
    "name-calling-or-labelling",
    "repetition",
    "exaggeration-or-minimisation",
    "doubt",
    "appeal-to-fear-or-prejudice",
    "flag-waving",
    "causal-oversimplification",
    "slogans",
    "appeal-to-authority",
    "black-and-white-fallacy",
    "thought-terminating-cliche",
    "whataboutism",
    "reductio-ad-hitlerum",
    "red-herring",
    "bandwagon",
    "obfuscation-or-intentional-vagueness",
    "straw-man",
}
SEMEVAL_2023_CATEGORIES = {
    "Attack on Reputation",
    "Justification",
    "Simplification",
    "Distraction",
    "Call",
    "Manipulative Wording",
}


@cache
def taxonomy() -> dict:
    return yaml.safe_load(DEVICES_YAML.read_text(encoding="utf-8"))


def load_devices() -> list[dict]:
    return taxonomy()["devices"]


def families() -> list[dict]:
    return taxonomy()["families"]


def device_ids() -> set[str]:
    return {str(d["id"]) for d in load_devices()}


@cache
def key_rows() -> list[dict[str, str]]:
    with SOCHI_KEY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def loaded_word_lines() -> list[str]:
    return LOADED_WORDS.read_text(encoding="utf-8").splitlines()


def loaded_words() -> list[str]:
    return [line.strip() for line in loaded_word_lines() if line.strip() and not line.strip().startswith("#")]


def paragraph_text(number: int | str) -> str:
    """A body paragraph's text, or the headline's or dek's when the key names them."""
    number = {"headline": 0, "dek": -1}.get(str(number), number)
    return load_case("sochi-2015").paragraph(int(number)).text


# --- devices.yaml -----------------------------------------------------------------------------------


def test_devices_yaml_parses_into_citation_families_and_devices():
    data = taxonomy()
    assert isinstance(data, dict)
    assert isinstance(data.get("citation"), str) and "Fine-Grained Analysis of Propaganda" in data["citation"]
    assert isinstance(data.get("families"), list) and data["families"]
    assert isinstance(data.get("devices"), list) and data["devices"]


def test_device_ids_are_unique_and_well_formed():
    ids = [str(d.get("id", "")) for d in load_devices()]
    assert len(ids) == len(set(ids)), "a device id is used twice"
    bad = [i for i in ids if not ID_PATTERN.match(i)]
    assert not bad, f"ids must be lowercase letters, digits and hyphens: {bad}"


def test_family_ids_are_unique_and_well_formed():
    ids = [str(f.get("id", "")) for f in families()]
    assert len(ids) == len(set(ids)), "a family id is used twice"
    assert all(ID_PATTERN.match(i) for i in ids)


def test_there_are_at_most_six_families():
    assert len(families()) <= 6


def test_every_family_maps_to_a_distinct_semeval_2023_category():
    categories = [f.get("semeval_2023_category") for f in families()]
    assert set(categories) <= SEMEVAL_2023_CATEGORIES, categories
    assert len(categories) == len(set(categories))


def test_every_family_has_a_name_and_description():
    for family in families():
        assert str(family.get("name") or "").strip(), family.get("id")
        assert str(family.get("description") or "").strip(), family.get("id")


def test_every_device_family_exists():
    known = {f["id"] for f in families()}
    unknown = {d["id"]: d.get("family") for d in load_devices() if d.get("family") not in known}
    assert not unknown, f"devices name families that do not exist: {unknown}"


def test_every_device_has_name_definition_and_how_to_spot():
    for device in load_devices():
        for field in ("name", "definition", "how_to_spot"):
            assert str(device.get(field) or "").strip(), f"{device.get('id')} has no {field}"


def test_every_device_source_is_ptc_or_classic():
    assert {d.get("source") for d in load_devices()} <= {"ptc", "classic"}


def test_all_18_ptc_techniques_are_present_and_marked_ptc():
    marked = {d["id"] for d in load_devices() if d.get("source") == "ptc"}
    assert marked == PTC_TECHNIQUES


def test_keys_are_unique_single_lowercase_letters():
    keys = [str(d["key"]) for d in load_devices() if d.get("key")]
    assert len(keys) == len(set(keys)), f"a key is used twice: {sorted(keys)}"
    assert all(re.fullmatch(r"[a-z]", k) for k in keys), keys


def test_every_example_quote_occurs_once_in_its_paragraph():
    for device in load_devices():
        example = device.get("example")
        if not example:
            continue
        matches = find_all(paragraph_text(int(example["paragraph"])), example["quote"])
        assert len(matches) == 1, f"{device['id']}: {len(matches)} matches for {example['quote']!r}"


# --- key/devices.csv (Sochi) --------------------------------------------------------------------


def test_key_has_the_documented_columns():
    with SOCHI_KEY.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["id", "paragraph", "quote", "device", "also_accepted", "explanation", "core"]


def test_key_ids_are_unique_and_well_formed():
    ids = [row["id"] for row in key_rows()]
    assert len(ids) == len(set(ids)), "a row id is used twice"
    assert all(ID_PATTERN.match(i) and i.startswith("d-") for i in ids)


def test_key_devices_are_known():
    unknown = {row["id"]: row["device"] for row in key_rows() if row["device"] not in device_ids()}
    assert not unknown, unknown


def test_key_also_accepted_devices_are_known():
    unknown = {
        row["id"]: extra
        for row in key_rows()
        for extra in split_list(row["also_accepted"])
        if extra not in device_ids()
    }
    assert not unknown, unknown


def test_key_quotes_occur_once_in_their_paragraph():
    for row in key_rows():
        matches = find_all(paragraph_text(row["paragraph"]), row["quote"])
        assert len(matches) == 1, f"{row['id']}: {len(matches)} matches for {row['quote']!r}"


def test_key_rows_have_an_explanation():
    assert all(row["explanation"].strip() for row in key_rows())


# --- loaded_words.txt ------------------------------------------------------------------------------


def test_loaded_words_have_no_duplicates():
    words = loaded_words()
    duplicates = sorted({w for w in words if words.count(w) > 1})
    assert not duplicates, duplicates


def test_loaded_words_have_no_blank_entries():
    for number, line in enumerate(loaded_word_lines(), 1):
        if line.strip().startswith("#"):
            continue
        # A separator line must be truly empty; an entry must have a letter and no stray white space.
        assert line == "" or (line == line.strip() and re.search(r"[a-z]", line)), f"line {number}: {line!r}"


def test_loaded_words_are_lowercase():
    assert all(w == w.lower() for w in loaded_words())


def test_loaded_words_include_the_sochi_articles_loaded_words():
    sample = {"useless", "blatant", "incorrigible", "gooey", "unctuous", "killer", "implacable",
              "intransigent", "staunch", "blasted"}
    assert sample <= set(loaded_words())
