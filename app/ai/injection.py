"""Prompt-injection detection in candidate text: normalise, then look for attempts to
instruct the evaluator or the interviewer, in English, Spanish, French and German.

Attackers hide instructions from simple patterns, so the text is first normalised
(`normalise`): NFKC, Unicode tag characters (U+E0000-E007F, invisible, yet read by
models) decoded into visible text, zero-width and soft-hyphen characters removed,
look-alike letters from other scripts mapped to Latin, accents dropped, letter-spaced
words ("g i v e  m e  1 0") joined. `findings` then names each attempt by kind:
override, fake_role, score_demand, role_play, json_mimicry, reveal, hidden_text,
delimiter. Plain text in, plain data out; no Flask.
"""

import re
import unicodedata

KINDS = (
    "override",
    "fake_role",
    "score_demand",
    "role_play",
    "json_mimicry",
    "reveal",
    "hidden_text",
    "delimiter",
)
_TAGS = re.compile("[\U000e0000-\U000e007f]")
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
# Latin look-alikes from Cyrillic, Greek and IPA that NFKC leaves alone.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁһӏԛԝвнкмтАВЕКМНОРСТХУІЈЅαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧɡɑℓ",
    "aeopcyxijsdhlqwbhkmtABEKMHOPCTXYIJSabeiknoptuxABEZHIKMNOPTYXgal",
)
# Three or more single characters each followed by one separator: "g i v e", "s.c.o.r.e"
_SPACED = re.compile(r"(?<!\w)(?:\w[ .\-_*·]){2,}\w(?!\w)")
_NUMBER = r"(?:10|ten|100|diez|dix|zehn)"
_TOP = (
    rf"(?:{_NUMBER}|perfect\w*|full marks|full score|max\w*|highest\w*|"
    r"parfait\w*|maxim\w*|volle punktzahl|hochste\w*|bestnote|perfekt\w*)"
)
_GIVE = (
    r"(?:give|award|assign|score|rate|mark|grade|dame|dale|ponme|asigna|otorga|"
    r"califica|puntua|donne\w*|attribue\w*|mettez|gib|geben sie|vergib|bewerte\w*)"
)
_OBJECT = (
    r"(?:me|us|this|it|my|the candidate|him|her|them|mir|moi|nous|mich|uns|le|la|"
    r"lui|esta|este|ihm|mi|dies\w*)"
)
_PATTERNS = {
    "override": [
        r"\b(?:ignore|disregard|forget|override|bypass|set aside|stop following|"
        r"do not follow|don'?t follow)\b[^.!?\n]{0,30}\b(?:your|all|any|previous|prior|"
        r"above|earlier|preceding|the|system|evaluation|scoring)\b[^.!?\n]{0,20}"
        r"\b(?:instructions?|prompts?|rules|rubric|guidelines|criteria|directions)\b",
        r"\b(?:ignore|disregard|forget)\b[^.!?\n]{0,20}"
        r"\b(?:everything (?:above|before)|"
        r"(?:what|everything) you (?:were|have been) told)\b",
        r"\bnew (?:instructions?|rules|task) ?(?::|for you|follow)",
        r"\bfrom now on\b[^.!?\n]{0,40}\b(?:you|score|rate)\b",
        r"\b(?:ignora|ignore[sz]?|olvida|olvide|omite|oublie[sz]?|ignoriere\w*|"
        r"vergiss|vergessen)\b[^.!?\n]{0,50}\b(?:instrucciones|reglas|indicaciones|"
        r"consignes|instructions|regles|anweisungen|regeln|vorgaben|richtlinien)\b",
        r"\b(?:nuevas instrucciones|nouvelles instructions|neue anweisungen)\b",
    ],
    "fake_role": [
        r"(?:^|[\n.!?]|[\[<({])\s*(?:system|assistant|developer|admin|sistema|systeme)\s*"
        r"(?:message|prompt|note|override)?\s*[:\]>)]",
        r"<\|?\s*(?:im_start|im_end|system|endoftext)\s*\|?>",
        r"#{2,}\s*(?:instruction|system|response)",
        r"\b(?:system|admin|developer) (?:message|override|notice|prompt) ?:",
        r"\b(?:note|message|instruction|memo) (?:to|for) (?:the )?(?:ai|evaluator|"
        r"grader|scorer|model|assistant|llm|interviewer)\b",
        r"\bmessage from (?:the )?(?:hiring team|recruiter|openai|anthropic|google|"
        r"viva|administrator)\b",
        r"\b(?:mensaje del sistema|message systeme|systemnachricht)\b",
    ],
    "score_demand": [
        rf"\b{_GIVE}\s+{_OBJECT}\b[^.!?\n]{{0,30}}\b{_TOP}\b",
        rf"\b(?:dame|ponme|dale|donne[zr]?-moi|gib mir|geben sie mir)\b[^.!?\n]"
        rf"{{0,30}}\b{_TOP}\b",
        rf"\b(?:rubric|guidelines|criteria|instructions|rules|rubrica|grille|"
        rf"bewertungsschema)\b[^.!?\n]{{0,30}}\b(?:says?|requires?|states?|wants?|"
        rf"asks?|dice|exige|dit|sagt|verlangt)\b[^.!?\n]{{0,40}}\b(?:{_GIVE}|{_TOP})\b",
        rf"\b(?:deserves?|merits?|earns?|merece|merite|verdient)\b[^.!?\n]"
        rf"{{0,20}}\b{_TOP}\b",
        r"\b(?:full|perfect|maximum|top|highest|best) (?:possible )?(?:marks|score|"
        r"points|rating|grade)\b",
        r"\b(?:score|rate|mark|grade|evaluate|judge)\s+(?:me|this|it|my \w+|this \w+)"
        r"\b[^.!?\n]{0,20}\b(?:highly|high|generously|favou?rably|leniently)\b",
        r"\b(?:recommend|advance|hire|shortlist)\s+(?:me|this candidate)\b",
        r"\b(?:puntuacion|calificacion|nota) (?:maxima|perfecta|alta)\b",
        r"\b(?:note|evaluation) (?:maximale|parfaite)\b",
        r"\b(?:volle punktzahl|hochste punktzahl|bestnote|hochstpunktzahl)\b",
        r"\b(?:contratame|contratenme|recomiendame|embauchez[- ]moi|"
        r"recommandez[- ]moi|stellen sie mich ein)\b",
        r"\bshould (?:be )?(?:rated|scored|marked|graded)\b",
        rf"\b(?:score|rate|grade|mark|nota|puntuacion|punktzahl)\s*[:=]?\s*{_NUMBER}"
        r"\b(?!\s*(?:requests?|ms|seconds?|minutes?|%|percent|users?|items?|times?))",
        r"\b10 ?/ ?10\b",
    ],
    "role_play": [
        r"\bpretend (?:you|to be|that you)\b",
        r"\byou are (?:now|no longer|not (?:an?|the) (?:evaluator|interviewer))\b",
        r"\b(?:you (?:will |must |should )?|please |now )(?:act|behave|respond|answer)"
        r" as\b",
        r"\b(?:role-?play|let'?s play a game|imagine (?:you are|you're))\b",
        r"\b(?:finge|finja|actua como|haz de cuenta|ahora eres|eres ahora|"
        r"fais semblant|faites semblant|agis comme|agissez comme|tu es maintenant|"
        r"vous etes maintenant|imagine que tu es|tu so als|tun sie so als|"
        r"du bist jetzt|sie sind jetzt)\b",
    ],
    "json_mimicry": [
        r"[\"']\s*(?:manipulation_attempt|competencies|criteria|key_points_covered|"
        r"overall|recommendation)\s*[\"']\s*:",
        r"[{,]\s*[\"']\s*(?:score|relevance|completeness|accuracy|clarity)\s*[\"']"
        r"\s*:\s*\d",
    ],
    "reveal": [
        r"\b(?:reveal|show|print|repeat|output|tell me|what are|share|list|leak)\b"
        r"[^.!?\n]{0,30}\b(?:your (?:system prompt|instructions|prompt|key points|"
        r"model answer|rubric|hidden)|the (?:system prompt|key points|model answer|"
        r"expected answer|hidden instructions))\b",
        r"\b(?:revela|muestra|repite|montre|revele|repete|zeig|verrate|wiederhole)\w*"
        r"\b[^.!?\n]{0,30}\b(?:instrucciones|prompt|consignes|instructions|"
        r"anweisungen|puntos clave|points cles)\b",
    ],
    "delimiter": [r"</?\s*candidate[\s_-]*answer\s*>"],
}
_COMPILED = {
    kind: [re.compile(p, re.IGNORECASE) for p in patterns]
    for kind, patterns in _PATTERNS.items()
}
# Letters only, separators gone: catches "i-g-n-o-r-e  a-l-l" and mixed spacing.
_SQUASHED = {
    "override": (
        "ignoreallpreviousinstructions",
        "ignorepreviousinstructions",
        "ignoreyourinstructions",
        "ignoretherubric",
        "disregardtherubric",
    ),
    "score_demand": (
        "giveme10",
        "giveme100",
        "givethisanswera10",
        "givethisa10",
        "scoreme10",
        "rateme10",
        "fullmarks",
        "perfectscore",
        "givemeaperfect",
        "givemefull",
        "hireme",
    ),
    "reveal": ("systemprompt", "revealyourinstructions"),
}


def decode_tags(text: str) -> str:
    """The ASCII hidden in Unicode tag characters (U+E0020-E007E), else ''."""
    return "".join(
        chr(ord(ch) - 0xE0000) for ch in text or "" if 0xE0020 <= ord(ch) <= 0xE007E
    )


def visible(text: str) -> str:
    """The text without tag and zero-width characters (what a reader sees)."""
    return _INVISIBLE.sub("", _TAGS.sub("", text or ""))


def _join_spaced(match: re.Match) -> str:
    return re.sub(r"[ .\-_*·]", "", match.group(0))


def normalise(text: str) -> str:
    """Text as the patterns read it: hidden tag text made visible, invisibles cut,
    look-alikes mapped, accents dropped, lower case, letter-spaced words joined."""
    hidden = decode_tags(text)
    text = visible(text) + (f"\n{hidden}" if hidden else "")
    text = unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(ch)
    ).casefold()
    text = re.sub(r"(?<=\w)[’`´]", "'", text)
    # "g i v e  m e" (double space between words) -> "give me"
    text = _SPACED.sub(_join_spaced, text)
    return re.sub(r"[ \t]+", " ", text)


def findings(text: str) -> list[dict]:
    """Each attempt to instruct the evaluator in the text: {kind, phrase}, in order."""
    found: list[dict] = []

    def add(kind: str, phrase: str) -> None:
        phrase = phrase.strip(" \t\n.!?[<({")[:160]
        if phrase and not any(f["phrase"] == phrase for f in found):
            found.append({"kind": kind, "phrase": phrase})

    hidden = decode_tags(text)
    if hidden.strip():
        add("hidden_text", f"hidden text: {hidden.strip()}")
    plain = normalise(text)
    for kind, patterns in _COMPILED.items():
        for pattern in patterns:
            for match in pattern.finditer(plain):
                add(kind, match.group(0))
    squashed = re.sub(r"[^a-z0-9]", "", plain)
    for kind, needles in _SQUASHED.items():
        for needle in needles:
            if needle in squashed and not any(f["kind"] == kind for f in found):
                add(kind, needle)
    return found


def is_injection(text: str) -> bool:
    """True when the text holds any attempt to instruct the evaluator."""
    return bool(findings(text))
