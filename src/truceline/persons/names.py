"""Name normalisation across Arabic, Latin and Cyrillic script.

Arabic writes consonants and long vowels but not short vowels; Latin and Cyrillic renderings write every
vowel, and each transliteration scheme spells consonants its own way (Mohammed / Muhammad / Мухаммед). So
every name part is reduced to two comparable forms:

* ``skeleton`` — a coarse consonant skeleton in Latin letters: articles dropped, ``abd`` compounds and
  ``allah`` unified, letter classes that schemes confuse merged (kh/h, q/k, dj/j, dh/d, th/t), vowels and
  inner semivowels dropped, doubled letters collapsed. محمد, Mohammed, Muhammad, Mohamad and Мухаммед all
  give ``mhmd``; عبد الرحمن, Abdulrahman, Abd al-Rahman, Abdel Rahman, Абдуррахман give ``bdrhmn``.
* ``form`` — the same text before vowels are dropped (vowelled Latin), compared within one script to tell
  names that share a skeleton apart (Hassan ``hasan`` and Hussein ``husein`` both have skeleton ``hsn``).
* ``alts`` — every skeleton the name may have where one letter is read two ways in practice: Arabic ث is
  t or s (عثمان: Uthman, Osman, Усман), ذ is d or z (معاذ: Muadh, Moaz), Latin "th" stands for ث or ذ,
  and Russian г renders ح/ه as well as غ (Гасан is Hasan, Гассан is Ghassan), a lone Latin g is ج
  (Gamal) or غ (Sabbag). Two parts whose ``alts`` meet are the same name; ``skeleton`` is the first
  reading. ``form`` keeps such letters marked (T, D, Θ, H, J), and ``letters_fit`` compares a marked
  letter with each of its readings. An Arabic ``form`` also keeps ع (ʕ) and an alif opening a word (ʔ),
  which its skeleton drops: الأسد and الأسعد share a skeleton but not a form.

Everything here is pure and cached: lists repeat the same names thousands of times.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # + tatweel
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
                             "ء": "", "ک": "ك", "ی": "ي", "گ": "ك", "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف"})
# Arabic letter -> skeleton alphabet ('$' is sh, vowels a/u/i are long vowels, dropped later)
ARABIC_TO_LATIN = {"ا": "a", "ب": "b", "ت": "t", "ث": "T", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "D",
                   "ر": "r", "ز": "z", "س": "s", "ش": "$", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
                   "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "u",
                   "ي": "i"}
# marks kept in the vowelled form of an Arabic name, not in its skeleton: ع (Latin writes it as nothing, an
# apostrophe or a doubled vowel: As'ad, Asaad) and an alif opening a word (a hamza seat: any short vowel)
AIN, HAMZA_SEAT = "ʕ", "ʔ"
ARABIC_MARKS = str.maketrans({AIN: "", HAMZA_SEAT: "a"})
CYRILLIC_TO_LATIN = {"а": "a", "б": "b", "в": "v", "г": "H", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
                     "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                     "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                     "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ғ": "gh",
                     "қ": "q", "ҳ": "h", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "і": "i", "ї": "yi", "є": "ye"}
# a lone Latin g is read two ways ("J", see AMBIGUOUS); gh is غ, kept apart as "G" until the skeleton is built
LATIN_DIGRAPHS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "G"), ("g", "J"), ("G", "g"),
                  ("sh", "$"), ("ch", "$"), ("th", "Θ"), ("dh", "d"), ("ph", "f"), ("ck", "k"), ("q", "k"),
                  ("c", "k"), ("x", "ks"), ("v", "w"), ("oua", "wa"), ("ou", "u"), ("oo", "u"),
                  ("ee", "i"))
VOWELS = frozenset("aeiou")
# letters read two (or more) ways: the skeleton takes the first reading, ``alts`` every combination. A
# lone Latin g is ج in Egyptian style (Gamal) or غ written loosely (Sabbag for صباغ); Latin th is ث or ذ
AMBIGUOUS = {"T": ("t", "s"), "D": ("d", "z"), "Θ": ("t", "d", "s", "z"), "H": ("g", "h"), "J": ("j", "g")}
FIRST_READING = str.maketrans({k: v[0] for k, v in AMBIGUOUS.items()})
MAX_ALTS = 8
READINGS = {k: frozenset((*v, k)) for k, v in AMBIGUOUS.items()}


def letters_fit(a: str, b: str) -> bool:
    """Two letters of forms are the same, or one is a marked letter that may be read as the other."""
    return a == b or b in READINGS.get(a, ()) or a in READINGS.get(b, ()) or bool(
        READINGS.get(a, frozenset()) & READINGS.get(b, frozenset()))
INNER_DROP = frozenset("aeiouywv")  # vowels and semivowels after the first letter

# tokens joined to the next one (articles, abd, abu) and markers of the father's name, in every script
ARTICLES = frozenset({"al", "el", "ul", "il", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh", "es",
                      "er", "ed", "en", "ez", "et", "ال", "аль", "ал", "эль", "ас", "ар", "ад", "ан", "аш", "ат",
                      "аз", "эш", "эр", "эс", "эд", "эн", "эз", "эт"})
ABD = frozenset({"abd", "عبد", "абд"})
ABU = frozenset({"abu", "abou", "abo", "ابو", "абу"})
# "Hajj" before a name is part of a compound family name (الحاج علي, al-Hajj Ali, аль-Хадж Али)
HAJJ = frozenset({"حاج", "الحاج", "hajj", "haj", "hadj", "alhajj", "alhaj", "elhaj", "elhajj", "хадж", "хаджи"})
LINEAGE = frozenset({"ibn", "bin", "bint", "ben", "bent", "بن", "ابن", "بنت", "ибн", "бин", "бинт"})
DIN = frozenset({"din", "deen", "eddin", "eddine", "uddin", "addin", "aldin", "eldin", "ddin", "الدين", "дин"})
# abbreviations, and Turkish spellings (final devoicing) that Syrian and Russian documents use
ABBREVIATIONS = {"mhd": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhmd": "muhammad", "md": "muhammad",
                 "mkhd": "muhammad", "ahmet": "ahmad", "mehmet": "muhammad", "mehmed": "muhammad"}
NOT_ARTICLE = frozenset({"ali", "alia", "aliya", "alaa", "alaaeddin", "alwan", "alawi", "allawi", "alim",
                         "alam", "almas", "alya", "alan"})
ABD_LATIN = re.compile(r"^abd(?:[aeiou]?l-?|[aeiou](?=([tdrzsnl$])\1)|[aeiou]?-?)(?P<rest>.+)$")
ABD_ALONE = re.compile(r"^abd[aeiou]?[lrsnzdt]?$")
ALLAH = re.compile(r"^[aeiou]?l?lah?$")
TOKEN_SPLIT = re.compile(r"[\s\-_.,/]+")


@dataclass(frozen=True, slots=True)
class NameKey:
    """One name part, normalised: its script, its consonant skeleton and its vowelled form."""

    text: str
    script: str  # "arabic", "latin", "cyrillic", "mixed" or "" when empty
    skeleton: str
    form: str
    alts: frozenset[str] = frozenset()  # every reading of the skeleton (``skeleton`` included)
    places: frozenset[str] = frozenset()  # for a place: the gazetteer ids it may name (``places.place_ids``)

    def __bool__(self) -> bool:
        return bool(self.skeleton or self.form)


EMPTY = NameKey("", "", "", "", frozenset())


def detect_script(text: str) -> str:
    """The script of ``text``: arabic, latin, cyrillic, mixed, or "" when it has no letters."""
    seen = set()
    for ch in text:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            seen.add("arabic")
        elif 0x0400 <= o <= 0x052F:
            seen.add("cyrillic")
        else:
            seen.add("latin")
    if len(seen) > 1:
        return "mixed"
    return next(iter(seen), "")


def normalize_arabic(text: str) -> str:
    """Arabic spelling variants folded: diacritics and tatweel removed, hamza forms to bare alif/waw/ya,
    ة to ه, ى to ي, Persian letters to their Arabic forms."""
    text = unicodedata.normalize("NFKC", text)
    return ARABIC_DIACRITICS.sub("", text).translate(ARABIC_FOLD)


def _latin_fold(text: str) -> str:
    """Lower-case Latin without accents or apostrophes (ʿ ʾ ' ’), Cyrillic transliterated."""
    out = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch) or ch in "ʿʾ'’‘`´ʻʼ":
            continue
        out.append(CYRILLIC_TO_LATIN.get(ch, ch))
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Name tokens in reading order, Arabic normalised, Latin and Cyrillic lower-cased; hyphens split."""
    if detect_script(text) in ("arabic", "mixed"):
        text = normalize_arabic(text)
    return [t for t in TOKEN_SPLIT.split(text.lower()) if t]


def _split_token(tok: str) -> list[str]:
    """Unify compounds inside one token: Arabic عبدالرحمن -> عبد + رحمن, Latin abdulrahman -> abd + rahman,
    abdullah -> abd + allah; leading articles dropped."""
    if tok and "\u0600" <= tok[0] <= "\u06ff":
        if tok.startswith("عبد") and len(tok) > 3:
            return ["عبد", *_split_token(tok[3:])]
        if tok in ("الله", "لله"):
            return ["allah"]
        if tok.startswith("ال") and len(tok) > 3:
            return _split_token(tok[2:])  # العبدالله -> عبد + الله
        if tok.startswith("ابو") and len(tok) > 4:
            return ["ابو", tok[3:]]
        return [tok]
    tok = _latin_fold(tok)
    tok = ABBREVIATIONS.get(tok, tok)
    if ABD_ALONE.match(tok):
        return ["abd"]
    m = ABD_LATIN.match(tok)
    if m:
        rest = m.group("rest")
        return ["abd", "allah" if ALLAH.match(rest) else rest]
    if ALLAH.match(tok) and len(tok) >= 4:
        return ["allah"]
    # "Alhassan", "Elahmad": an article written joined, when what follows is a name of its own
    if tok.startswith(("al", "el")) and len(tok) > 4 and tok not in NOT_ARTICLE:
        rest = tok[2:]
        if _skeleton_of(_latin_letters(rest), "latin"):
            return [rest]
    return [tok]


def _arabic_letters(tok: str) -> str:
    out = []
    for i, ch in enumerate(tok):
        if i == 0 and ch == "و":
            out.append("w")
        elif i == 0 and ch == "ي":
            out.append("y")
        elif i == 0 and ch == "ا":
            out.append(HAMZA_SEAT)
        elif ch == "ع":
            out.append(AIN)
        else:
            out.append(ARABIC_TO_LATIN.get(ch, ""))
    return "".join(out)


def _latin_letters(tok: str) -> str:
    tok = tok.replace("gH", "g").replace("kH", "k")  # "гх" is one sound
    if tok[:2] == "ou" and tok[2:3] in VOWELS:  # French "Oualid", Russian "Уалид": a consonant w
        tok = "w" + tok[2:]
    elif tok[:1] == "u" and tok[1:2] in VOWELS:
        tok = "w" + tok[1:]
    for a, b in LATIN_DIGRAPHS:
        tok = tok.replace(a, b)
    return "".join(ch for ch in tok if "a" <= ch <= "z" or ch == "$" or ch in AMBIGUOUS)


def _collapse(s: str) -> str:
    return "".join(ch for i, ch in enumerate(s) if i == 0 or ch != s[i - 1])


def _skeleton_of(letters: str, script: str) -> str:
    """Consonant skeleton of one token already in the skeleton alphabet."""
    if not letters:
        return ""
    # a final h after a vowel is the ta marbuta or a weak final letter in Latin (Fatmeh, Saleh); Arabic
    # final ه/ح/خ are dropped alike so the two stay comparable
    if len(letters) >= 3 and letters[-1] == "h" and (script == "arabic" or letters[-2] in "aeiouy"):
        letters = letters[:-1]
    head, tail = letters[0], letters[1:]
    head = "" if head in VOWELS else head
    return _collapse(head + "".join(ch for ch in tail if ch not in INNER_DROP))


@lru_cache(maxsize=200_000)
def name_key(text: str) -> NameKey:
    """The normalised key of one name part (it may hold several tokens: "Abd al-Rahman", "Abu Bakr")."""
    text = (text or "").strip()
    if not text:
        return EMPTY
    script = detect_script(text)
    skel: list[str] = []
    forms: list[str] = []
    raw = tokens(text)
    for pos, tok in enumerate(raw):
        if tok in LINEAGE:
            continue
        if tok in ARTICLES and pos < len(raw) - 1:
            continue
        for part in _split_token(tok):
            if not part:  # only apostrophes or signs that fold to nothing
                continue
            if part == "allah":
                skel.append("lh")
                forms.append("allah")
                continue
            arabic = "\u0600" <= part[0] <= "\u06ff"
            letters = _arabic_letters(part) if arabic else _latin_letters(part)
            skel.append(_skeleton_of(letters.translate(ARABIC_MARKS), "arabic" if arabic else "latin"))
            forms.append(_collapse(letters))
    marked = _collapse("".join(skel))
    return NameKey(text, script, _collapse(marked.translate(FIRST_READING)), _collapse("".join(forms)),
                   _readings(marked))


def _readings(marked: str) -> frozenset[str]:
    """Every skeleton a marked skeleton stands for (at most ``MAX_ALTS``; the first reading always)."""
    out = [""]
    for ch in marked:
        options = AMBIGUOUS.get(ch, (ch,))
        out = [o + c for o in out for c in options][:MAX_ALTS]
    return frozenset(r for r in (_collapse(o) for o in out) if r)


@dataclass(frozen=True, slots=True)
class SplitName:
    given: str = ""
    father: str = ""
    grandfather: str = ""
    family: str = ""


def _units(text: str) -> tuple[list[str], int | None]:
    """Group a full name's tokens into name units; the index of the unit a lineage marker points at."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    units: list[str] = []
    father_at: int | None = None
    pending: list[str] = []
    for w in words:
        low = tokens(w)
        key = low[0] if len(low) == 1 else ""
        if key in LINEAGE:
            if father_at is None and units:
                father_at = len(units)
            continue
        if key in ARTICLES or key in ABD or key in ABU or ABD_ALONE.match(_latin_fold(key) or "-"):
            pending.append(w)
            continue
        if low and low[-1] in HAJJ and all(t in ARTICLES for t in low[:-1]) and units:
            pending.append(w)  # "al-Hajj Ali": one unit with what follows
            continue
        if low and low[-1] in DIN and all(t in ARTICLES for t in low[:-1]) and units and not pending:
            units[-1] = f"{units[-1]} {w}"
            continue
        units.append(" ".join([*pending, w]))
        pending = []
    if pending:
        units.append(" ".join(pending))
    return units, father_at


@lru_cache(maxsize=200_000)
def split_full_name(text: str) -> SplitName:
    """Split a full name into given, father's, grandfather's and family name, Arab naming order assumed:
    one unit is a given name, two are given + family, three given + father + family, four or more given +
    father + grandfather + family (the rest). "ibn/bin/bint" before a unit marks the father's name; "al-",
    "abd", "abu" and (after the given name) "Hajj" join the next word; "ad-Din" joins the previous one."""
    units, father_at = _units(text)
    if not units:
        return SplitName()
    if father_at == 1 and len(units) == 2:  # "Ahmad bin Khalid": given + father, no family name
        return SplitName(given=units[0], father=units[1])
    if len(units) == 1:
        return SplitName(given=units[0])
    if len(units) == 2:
        return SplitName(given=units[0], family=units[1])
    if len(units) == 3:
        return SplitName(given=units[0], father=units[1], family=units[2])
    return SplitName(given=units[0], father=units[1], grandfather=units[2], family=" ".join(units[3:]))
