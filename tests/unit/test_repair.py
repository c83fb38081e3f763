"""Character-level repair: decoding, ftfy, the invisible-character forms, missing spaces."""

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from briefing.ingest.document import IngestError
from briefing.ingest.repair import (
    FTFY_CONFIG,
    INVISIBLE_CHARS,
    add_missing_spaces,
    check_size,
    decode,
    legacy_forms,
    repair,
    replace_invisible_forms,
)

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "000_37c95f02dd4935a7.txt"

LEGITIMATE = [
    "Łódź",
    "château",
    "São Paulo",
    "naïve",
    "3,5 M€",
    "a pause — then more",
    "“curly” and ‘single’ quotes",
    "It’s 20 °C outside.",
    "Ελληνικά κείμενα με τόνους.",
    "النص العربي، مع فاصلة.",
    "中文，日本語、한국어。",
    "Emoji 😀 and flags 🇫🇷 survive.",
    "Ångström, Øresund, Ærø, Straße, İstanbul, Dvořák.",
    "Café au lait in Besançon, crème brûlée à Noël.",
    "România și Moldova; câine, pâine, mâine.",
    "Tiếng Việt có dấu: ấ, ầ, ẩ, ẫ, ậ.",
    "x\u2062y uses invisible times between two letters.",
    "Braille ⠠⠁⠃⠉ stays as written.",
    "Fish & chips &amp; HTML entities stay.",
    "The ﬁle uses a ligature; Ｆｕｌｌ width stays; e\u0301 stays decomposed.",
    "Version 3.5 costs 1,000 euros, or 3,5 in German notation.",
    "See https://example.com/a,b.Html?x=1,y=2 or write to first.last@example.org.",
    "Open report.pdf with Node.js, e.g. today, i.e. now, a.k.a. soon.",
    "The U.S. and the U.S.-Iraq partnership.",
    "Two  spaces after a period.  Kept.",
    "    indented code\n  - nested item\n\nBlank lines kept.",
]

CLEAN_WORDS = [
    "the",
    "plan",
    "army",
    "forces",
    "region",
    "training",
    "support",
    "iraq",
    "policy",
    "data",
]
NON_ASCII_WORDS = [
    "Łódź",
    "château",
    "São",
    "naïve",
    "Zürich",
    "Ελλάδα",
    "Москва",
    "北京",
    "€5",
    "—",
    "“quoted”",
    "°C",
    "crème",
    "señor",
    "København",
]


def test_forms_are_derived_from_the_mechanism():
    assert legacy_forms("\u2062") == ("â˘", "â˘Â\xa0", "\u28a0")
    assert legacy_forms("\u2063") == ("âŁ", "âŁÂ\xa0", "\u28e0")
    assert legacy_forms("\u2064") == ("â¤", "â¤Â\xa0", "\u2920")
    assert len(INVISIBLE_CHARS) == 5


def test_ftfy_config_changes_nothing_legitimate():
    assert FTFY_CONFIG.uncurl_quotes is False
    assert FTFY_CONFIG.unescape_html is False
    assert FTFY_CONFIG.normalization is None
    assert FTFY_CONFIG.fix_character_width is False
    assert FTFY_CONFIG.fix_latin_ligatures is False


def test_seed_is_repaired_and_counted():
    text, report = repair(SEED.read_text(encoding="utf-8"))
    assert report.counts == {"mojibake": 152, "missing_space": 12}
    for form in ("â˘", "âŁ", "â¤", "\u28a0", "\u28e0", "\u2920"):
        assert form not in text
    assert "  " not in text
    assert not any(line != line.rstrip(" ") for line in text.split("\n"))
    assert "stability, counterterrorism, and" in text
    assert "critical. The" in text
    assert "trust. The" in text
    assert "U.S.-Iraq" in text
    assert "Focus Area | Action Steps |" in text


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_passes_byte_for_byte(text):
    repaired, report = repair(text)
    assert repaired == text
    assert report.counts == {}


@pytest.mark.parametrize(
    ("damaged", "expected", "count"),
    [
        ("In a â¤significant shift", "In a significant shift", 1),
        ("This\u2920 evolving dynamic", "This evolving dynamic", 1),
        ("Logistical Support: \u28e0 Ensuring", "Logistical Support: Ensuring", 1),
        ("groups.\u2920 Key aspects", "groups. Key aspects", 1),
        ("â˘As the Department", "As the Department", 1),
        ("ends here â˘", "ends here", 1),
        ("  â˘indented stays indented", "  indented stays indented", 1),
        ("two âŁ â¤ forms", "two forms", 2),
        ("Focus âŁArea | Action Plan |", "Focus Area | Action Plan |", 1),
        ("with nbsp â˘Â\xa0after", "with nbsp after", 1),
        ("word joiner â\xa0here", "word joiner here", 1),
        ("glued in\u28a0the middle", "glued in the middle", 1),
        ("rare ones âˇhere and \u2860there", "rare ones here and there", 2),
    ],
)
def test_invisible_forms_become_one_space(damaged, expected, count):
    repaired, report = replace_invisible_forms(damaged)
    assert repaired == expected
    assert report.counts == {"mojibake": count}


@pytest.mark.parametrize(
    "legitimate",
    ["Bâ\xa0x", "câ\xa0ine", "⠠⢠⠃ braille run", "arrows ⤠⤡ together"],
)
def test_guards_keep_lookalikes(legitimate):
    assert replace_invisible_forms(legitimate)[0] == legitimate


def test_ftfy_repairs_common_mojibake_and_counts_words():
    repaired, report = repair("The cafÃ© was Ã©tÃ© and itâ€™s fine.")
    assert repaired == "The café was été and it’s fine."
    assert report.counts == {"mojibake": 3}
    assert report.samples[0].after.startswith("The café")


def test_stray_invisible_characters_next_to_spaces_are_dropped():
    repaired, report = repair("Focus \u2063Area and x\u2062y")
    assert repaired == "Focus Area and x\u2062y"
    assert report.counts == {"invisible": 1}


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ("stability,counterterrorism,and", "stability, counterterrorism, and"),
        ("critical.The U.S. military", "critical. The U.S. military"),
        ("trust.The Department", "trust. The Department"),
        ("Lastly,prioritizing", "Lastly, prioritizing"),
        ("first;second", "first; second"),
        ("(ISF),and then", "(ISF), and then"),
        ("château.Après", "château. Après"),
        ("done?Then", "done? Then"),
    ],
)
def test_missing_spaces_are_added(missing, expected):
    repaired, report = add_missing_spaces(missing)
    assert repaired == expected
    assert report.counts["missing_space"] == expected.count(" ") - missing.count(" ")


@pytest.mark.parametrize(
    "kept",
    [
        "U.S.",
        "U.S.-Iraq",
        "e.g.",
        "i.e.",
        "a.k.a.Bob",
        "e.g.The",
        "3.5",
        "3,5",
        "1,000",
        "x,1",
        "https://example.com/a,b.Html",
        "www.example.Com",
        "first.last@example.org,x",
        "report.pdf",
        "Node.js",
        "Mr.Smith",
        "北京,上海",
    ],
)
def test_missing_space_rule_leaves_these_alone(kept):
    repaired, report = add_missing_spaces(kept)
    assert repaired == kept
    assert report.counts == {}


def test_decode_strips_bom_and_normalises_line_ends():
    text, report = decode(codecs.BOM_UTF8 + b"a\r\nb\rc\n")
    assert text == "a\nb\nc\n"
    assert report.counts == {"bom": 1, "line_endings": 2}


def test_decode_names_the_line_of_the_first_bad_byte():
    with pytest.raises(IngestError) as error:
        decode(b"first\r\nsecond\nthird \xe9t\xe9\n")
    assert error.value.line == 3
    assert error.value.message == (
        "the file is not UTF-8 text: byte 0xE9 cannot be decoded; "
        "save the file as UTF-8 and import it again"
    )
    assert str(error.value).startswith("line 3: the file is not UTF-8 text")


def test_decode_rejects_utf16_and_empty_files():
    with pytest.raises(IngestError, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    with pytest.raises(IngestError, match="the file is empty"):
        decode(b"")


def test_check_size_names_size_and_limit():
    check_size(b"x" * 10, 10)
    with pytest.raises(IngestError) as error:
        check_size(b"x" * 6_200_000, 5_000_000)
    assert error.value.message == (
        "the file is 6.2 MB (6,200,000 bytes); the limit is 5.0 MB (5,000,000 bytes)"
    )
    assert error.value.line is None


@settings(deadline=None, max_examples=300)
@given(st.text())
def test_repair_is_idempotent(text):
    once, _ = repair(text)
    assert repair(once)[0] == once


@settings(deadline=None)
@given(
    st.text(alphabet=st.sampled_from("â˘ŁˇÂ¤\xa0 \u28a0\u28e0\u2920\u2060ab.,AB\n"), max_size=40)
)
def test_repair_is_idempotent_on_mojibake_alphabet(text):
    once, _ = repair(text)
    assert repair(once)[0] == once


sentences = st.lists(st.sampled_from(CLEAN_WORDS), min_size=1, max_size=12).map(
    lambda words: " ".join(words).capitalize() + "."
)
clean_prose = st.lists(sentences, min_size=1, max_size=6).map(" ".join)


@settings(deadline=None)
@given(st.lists(clean_prose, min_size=1, max_size=5).map("\n".join))
def test_clean_ascii_prose_passes_unchanged(text):
    repaired, report = repair(text)
    assert repaired == text
    assert report.counts == {}


@settings(deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(CLEAN_WORDS), st.sampled_from(NON_ASCII_WORDS)),
        min_size=1,
        max_size=20,
    )
)
def test_legitimate_non_ascii_words_survive_in_prose(words):
    text = " ".join(words).capitalize() + ". " + ", ".join(words) + "."
    assert repair(text)[0] == text


@pytest.mark.parametrize(
    "code",
    [
        "```csharp\nservices.AddSingleton(container.RegisterSingleton);\n```",
        "~~~\nvar a=b,Then;\n~~~",
        "Call `container.RegisterSingleton` first.",
    ],
)
def test_missing_spaces_are_not_added_inside_code(code):
    fixed, report = add_missing_spaces(code)
    assert fixed == code
    assert "missing_space" not in report.counts


def test_missing_spaces_are_still_added_around_code():
    text = "Read this.Then run:\n```\nx.Y = 1\n```\nIt works.Done"
    fixed, _ = add_missing_spaces(text)
    assert fixed == "Read this. Then run:\n```\nx.Y = 1\n```\nIt works. Done"
