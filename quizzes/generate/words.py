"""Content words: what the item-writing rules compare between a stem and its options.

A content word is a word of at least three letters that is not a stop word of
English or French, reduced to a crude stem (singular, then its first
``STEM_LENGTH`` letters) so that "resources"/"resource" and
"effectively"/"effectiveness" count as one word. Crude on purpose: the rules
only ask whether two texts share words, never what a word means.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .fingerprint import singularise

STEM_LENGTH = 5
MIN_LETTERS = 3
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_ENGLISH_STOP_WORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either every few
    for from further had has have having he her here hers him his how however i if in into is it
    its itself just least less may me might more most much must my no nor not now of off on once
    only or other our ours out over own per same shall she should so some such than that the their
    them then there these they this those through to too under until up upon very via was we were
    what when where whether which while who whom whose why will with within without would yet you
    your yours one two three four five six seven eight nine ten new use used using etc
    """
_FRENCH_STOP_WORDS = """
    au aux avec ce ces cet cette dans de des du elle elles en entre est et être eux il ils je la
    le les leur leurs lui mais me même mes moi mon ne nos notre nous ou où par pas pour qu que qui
    sa sans se ses son sont sur ta te tes toi ton tous tout toute toutes tu un une vos votre vous
    été été ainsi aussi comme dont donc lors selon sous chaque afin doit doivent peut peuvent
    """


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())
FRENCH_STOP_WORDS = frozenset(_folded(word) for word in _FRENCH_STOP_WORDS.split())
STOP_WORDS = ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """The stems of the content words of ``text`` ("CertThumbprint" is two words)."""
    stems = set()
    for raw in _WORD.findall(_CAMEL_CASE.sub(" ", text)):
        word = _folded(raw.split("'")[-1].split("’")[-1])
        if len(word) < MIN_LETTERS or word in STOP_WORDS:
            continue
        stems.add(singularise(word)[:STEM_LENGTH])
    return frozenset(stems)


def shared_words(first: str, second: str) -> frozenset[str]:
    return content_words(first) & content_words(second)


def overlap(first: str, second: str) -> float:
    """Shared content words over those of the shorter text (0 when either has none)."""
    one, two = content_words(first), content_words(second)
    if not one or not two:
        return 0.0
    return len(one & two) / min(len(one), len(two))


_IMPERATIVE_VERBS = """
    accept access add adjust adopt align allocate allow analyse analyze apply appoint approve
    arrange ask assess assign attend audit avoid balance brief build calculate call check choose
    clarify close collaborate collect combine communicate compare complete conduct configure
    confirm connect consider consult contact continue contribute coordinate create cut decide
    define delegate delete deliver deploy design determine develop disable discuss document draft
    educate eliminate empower enable encourage engage enhance ensure enter establish estimate
    evaluate examine expand explain explore export facilitate fill find fix focus follow form
    foster gather generate give grant grow help hire hold identify implement import improve
    include increase inform initiate install integrate introduce invest invite involve issue keep
    launch lead learn limit link list log maintain make manage map mark measure meet merge migrate
    minimise minimize mitigate monitor move notify obtain offer open organise organize outline
    pair perform plan post prepare present prevent prioritise prioritize promote protect provide
    publish put raise read record reduce refer register reinforce release remove replace report
    request require reset resolve respond restart restore restrict review revoke run save schedule
    secure select send set share sign simplify speak specify start stop store streamline
    strengthen submit summarise summarize support switch take talk teach test track train
    transfer try turn update upgrade upload use validate verify visit wait write
"""
IMPERATIVE_VERBS = frozenset(_IMPERATIVE_VERBS.split())
#: Verbs that are as often nouns or adjectives ("Complete outage", "Support costs"): an
#: instruction only when the text ends like a sentence.
_AMBIGUOUS_VERBS = """
    access balance call close complete contact cut design document estimate export fix focus
    form help hold import issue lead limit link list log map mark offer open pair plan post
    present put read record release report request review run save schedule secure set share
    sign start stop store support switch talk test track train transfer try turn update upgrade
    upload use visit wait
"""
AMBIGUOUS_VERBS = frozenset(_AMBIGUOUS_VERBS.split())
_FRENCH_INFINITIVE = re.compile(r"^[^\W\d_]{2,}(?:ifier|[^i]er|[^o]ir)$")
_FRENCH_RE = """
    mettre permettre soumettre transmettre faire prendre comprendre apprendre suivre poursuivre
    inclure conclure exclure produire reduire conduire construire decrire ecrire inscrire lire
    repondre rendre attendre etendre defendre resoudre connaitre reconnaitre recevoir prevoir voir
"""
_FRENCH_RE_VERBS = frozenset(_FRENCH_RE.split())


def is_imperative(text: str, language: str = "en") -> bool:
    """Whether ``text`` reads as an instruction: it opens with a verb in the imperative
    ("Facilitate regular meetings", English) or the infinitive ("Mettre en place", French)."""
    words = text.strip().split()
    if not words:
        return False
    first = _folded(words[0].strip("\"“‘'(*_"))
    if language == "fr":
        return bool(_FRENCH_INFINITIVE.match(first)) or first in _FRENCH_RE_VERBS
    if first in AMBIGUOUS_VERBS:
        return text.rstrip().endswith((".", "!"))
    return first in IMPERATIVE_VERBS
