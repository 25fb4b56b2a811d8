"""Compile the profanity lexicon (term, group, severity) from the shared offensive word lists.

    .venv/bin/python training/build_conduct_lexicon.py [DATA]

Sources: surge-ai/profanity (MIT; categories and a 1-3 severity rating) and LDNOOBW (CC BY 4.0; terms
only, given severity 2). Writes src/bedside/data/profanity.tsv. Clinical and anatomical words that the
lists count as "sexual" (breast, anal, rectum, penis ...) and neutral identity words are left out: in a
clinician's post they are vocabulary, not abuse; bedside's sexual-remark rule looks at how they are used.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conduct_data as cd

from bedside.textmodels import DATA

CLINICAL = frozenset(
    """anal anus areola areolae breast breasts buttock buttocks cervix circumcised circumcision clitoris coitus
    condom condoms contraceptive ejaculate ejaculated ejaculation erection erect faeces feces fecal faecal foreskin
    genital genitals genitalia gonorrhea gonorrhoea groin hymen intercourse labia menstruation nipple nipples
    orgasm ovary ovaries penis penile pubic rectal rectum scrotum semen sex sexual sexually sperm stool syphilis
    testes testicle testicles testicular urinate urine uterus vagina vaginal vulva womb bowel bowels enema
    vomit vomiting diarrhea diarrhoea menstrual period periods tampon pregnant pregnancy nude naked bra viagra
    kinky virgin 69 urinal puberty""".split()
)
NEUTRAL = frozenset(
    """gay gays lesbian lesbians bisexual homosexual heterosexual transgender trans queer jew jews jewish muslim
    muslims black white asian african arab arabs chinese mexican indian irish polish welsh scottish english
    british american catholic christian hindu sikh islam islamic deaf blind disabled autistic old elderly fat
    drunk drugs hell damn god jesus christ bloody crap pee poo poop wee butt bum fart strip sucks""".split()
)
# Words the lists include that are everyday or clinical English more often than abuse.
AMBIGUOUS = frozenset(
    """abbie bates bbc bbw bender bj booty bondage buttermilk cialis coot cooties crotch crotchy crow crows cum cums
    diddle dipstick dolt domination dong erotic erotism escort eunuch finger fingering flamer forked greaser grope
    groper gyp hardcore homo homos hoar hooker hooters horny hustler incest jigger knob knobs muff nobs nonce
    nuggets peter prick pricks puss pusses ramrod sack scut sheet shet sissy suck spastic wang cumming""".split()
)
GROUPS = {
    "racial / ethnic slurs": "slur",
    "religious offense": "insult",
    "mental disability": "disability-slur",
    "physical disability": "disability-slur",
    "sexual orientation / gender": "gender-slur",
    "sexual anatomy / sexual acts": "sexual",
    "bodily fluids / excrement": "crude",
    "other / general insult": "insult",
    "physical attributes": "insult",
    "animal references": "insult",
    "political": "insult",
}
# Swearing that the lists file under "sexual acts" but that posts use as expletives or insults.
EXPLETIVE = re.compile(r"f+[uv*]*c*k|fck|fuk|fuq|fook|fcuk|feck|sh[i1]+t|bollo|arse|^ass|asshole|cunt|twat|dickhead|"
                       r"wank|bugger|bellend|knobhead|douche|jackass|bastard|b[i1]tch|piss|crap|damn")
SEXUAL_CONTENT = re.compile(r"cock|dick(?!head)|tit|boob|puss|blow|handjob|dildo|porn|cum|jizz|orgasm|slut|whore|clit|"
                            r"vag|penis|anal|sex|bang|suck|erotic|nipple|rimjob|fellat|cunnil|milf|bukkake|spunk|lick|"
                            r"finger|fist|69|horny|threesome")
ORDER = ("slur", "disability-slur", "gender-slur", "sexual", "expletive", "insult", "crude")


def _keep(term: str) -> bool:
    excluded = term in CLINICAL or term in NEUTRAL or term in AMBIGUOUS
    return bool(term) and not excluded and any(c.isalpha() for c in term)


def build(data: Path) -> dict[str, tuple[str, float]]:
    lexicon: dict[str, tuple[str, float]] = {}
    with open(data / "offensive_wordlists" / "surge_profanity_en.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            term = row["text"].strip().lower()
            if not _keep(term):
                continue
            groups = [GROUPS.get(row[f"category_{i}"], "") for i in (1, 2, 3)]
            group = min((g for g in groups if g), key=ORDER.index, default="insult")
            if group == "sexual" and EXPLETIVE.search(term) and not SEXUAL_CONTENT.search(term):
                group = "expletive"
            lexicon[term] = (group, round(float(row["severity_rating"]), 1))
    for line in (data / "offensive_wordlists" / "ldnoobw_en.txt").read_text(encoding="utf-8").splitlines():
        term = line.strip().lower()
        if _keep(term) and term not in lexicon:
            expletive = EXPLETIVE.search(term) and not SEXUAL_CONTENT.search(term)
            lexicon[term] = ("expletive" if expletive else "sexual", 2.0)
    return lexicon


def main() -> None:
    lexicon = build(cd.data_dir())
    target = DATA / "profanity.tsv"
    lines = [
        "# Profanity with severity (1 mild .. 3 severe), compiled by training/build_conduct_lexicon.py from",
        "# surge-ai/profanity (MIT, (c) Surge AI) and LDNOOBW (CC BY 4.0). term<TAB>group<TAB>severity",
    ]
    lines += [f"{term}\t{group}\t{severity}" for term, (group, severity) in sorted(lexicon.items())]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(lexicon):,} terms")


if __name__ == "__main__":
    main()
