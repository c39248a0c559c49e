"""Pure tokenizer for Chinese full-text search (no database, no Django).

Documents: text is NFKC-normalised and lower-cased, then split into *runs*: a CJK run
(Han characters) or a word run (letters and digits of other scripts); anything else
separates runs. A CJK run of n characters yields its n-1 overlapping bigrams followed by
its last character as a unigram (so n tokens: the approach of Lucene's CJKAnalyzer, plus
the run-final unigram so that a query ending on a run boundary and a one-character query
still find every occurrence). A word run yields one lower-cased word. Tokens get
consecutive positions 1, 2, 3, …

Queries: whitespace separates *terms* (all must match); each term is tokenised the same
way into a *phrase* — consecutive positions — except at its open edges: the last run of a
term may continue in the document (a longer CJK run or a longer word), so it drops its
run-final unigram and, if it is a single character or a word, matches as a prefix.

With these rules a document matches a term exactly when the document's normalised text
contains the term's CJK characters as a substring, with words matched whole except for a
prefix match of the term's last word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from portal.cjk import HAN, INVISIBLE_TABLE

_CJK = HAN
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")

# Longest word kept: tsvector lexemes are limited to 2 KB; real words are short.
MAX_WORD_LENGTH = 64
# Longest query accepted, in characters (longer input is refused with a message).
MAX_QUERY_LENGTH = 100
# PostgreSQL tsvector limits: positions above 16383 are clamped, a lexeme keeps at most
# 256 positions. A document beyond them is marked lossy and matched on its lexemes alone.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256


def normalize(text: str) -> str:
    """Return ``text`` as the tokenizer sees it: NFKC, lower case, no invisible chars."""
    return unicodedata.normalize("NFKC", text.translate(INVISIBLE_TABLE)).lower()


@dataclass(frozen=True)
class Run:
    text: str
    is_cjk: bool


def runs(text: str) -> list[Run]:
    """Split normalised ``text`` into CJK runs and word runs."""
    found = []
    for match in _RUN.finditer(normalize(text)):
        if match.group("cjk"):
            found.append(Run(match.group("cjk"), True))
        else:
            found.append(Run(match.group("word")[:MAX_WORD_LENGTH], False))
    return found


def _run_tokens(run: Run) -> list[str]:
    if not run.is_cjk:
        return [run.text]
    chars = run.text
    return [chars[i : i + 2] for i in range(len(chars) - 1)] + [chars[-1]]


def tokenize(text: str) -> list[str]:
    """Return the document tokens of ``text`` in order (position i+1 for index i)."""
    tokens: list[str] = []
    for run in runs(text):
        tokens.extend(_run_tokens(run))
    return tokens


@dataclass(frozen=True)
class QueryToken:
    text: str
    prefix: bool = False


Phrase = tuple[QueryToken, ...]


def query_phrase(term: str) -> Phrase:
    """Return the phrase of tokens one whitespace-free query term must match."""
    term_runs = runs(term)
    tokens: list[QueryToken] = []
    for i, run in enumerate(term_runs):
        last = i == len(term_runs) - 1
        if not last:
            # Inner runs end where the document's run ends: the same tokens.
            tokens.extend(QueryToken(t) for t in _run_tokens(run))
        elif not run.is_cjk:
            tokens.append(QueryToken(run.text, prefix=True))
        elif len(run.text) == 1:
            # One character: a bigram starting with it, or the run-final unigram.
            tokens.append(QueryToken(run.text, prefix=True))
        else:
            chars = run.text
            tokens.extend(QueryToken(chars[j : j + 2]) for j in range(len(chars) - 1))
    return tuple(tokens)


def query_phrases(query: str) -> list[Phrase]:
    """Return one phrase per whitespace-separated term (empty terms dropped, deduped)."""
    phrases: list[Phrase] = []
    for term in normalize(query).split():
        phrase = query_phrase(term)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def is_lossy(tokens: list[str]) -> bool:
    """Return True when PostgreSQL could not keep every position of ``tokens``."""
    if len(tokens) > MAX_POSITION:
        return True
    return any(n > MAX_POSITIONS_PER_LEXEME for n in Counter(tokens).values())


def token_string(tokens: list[str]) -> str:
    """Return the tokens joined for the substring scan: `` t1 t2 … tn `` (spaces around)."""
    return " " + " ".join(tokens) + " " if tokens else ""


# Placed between fields (title | body) so that no phrase spans two fields; it is never
# a query token (``|`` is a separator) and is not stored in the tsvector.
FIELD_GAP = "|"


def field_tokens(*fields: str) -> list[str]:
    """Return the tokens of several fields in order, with a gap between fields."""
    tokens: list[str] = []
    for text in fields:
        field = tokenize(text)
        if field:
            if tokens:
                tokens.append(FIELD_GAP)
            tokens.extend(field)
    return tokens


def tsvector_literal(tokens: list[str], *, weight_a: int = 0) -> str:
    """Return the ``tsvector`` input text for ``tokens`` with their positions.

    Built here rather than with ``to_tsvector`` so the server's parser (which does not
    segment Chinese and depends on the locale) never re-splits the tokens; the lexemes
    are exactly what the ``'simple'`` configuration would keep. The first ``weight_a``
    positions (the title) get weight A for ranking. Positions beyond the PostgreSQL
    limits are dropped, which :func:`is_lossy` reports.
    """
    positions: dict[str, list[str]] = {}
    for i, token in enumerate(tokens, start=1):
        if token == FIELD_GAP:
            continue
        kept = positions.setdefault(token, [])
        if i <= MAX_POSITION and len(kept) < MAX_POSITIONS_PER_LEXEME:
            kept.append(f"{i}A" if i <= weight_a else str(i))
    parts = []
    for token, where in positions.items():
        lexeme = _quote(token)
        parts.append(f"{lexeme}:{','.join(where)}" if where else lexeme)
    return " ".join(parts)


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_literal(phrases: list[Phrase], *, positional: bool = True) -> str:
    """Return the ``tsquery`` input text: phrases joined by ``&``.

    ``positional=False`` gives the position-free form (all lexemes ANDed), used for
    lossy documents whose positions PostgreSQL could not keep.
    """
    joiner = " <-> " if positional else " & "
    groups = []
    for phrase in phrases:
        parts = [_quote(t.text) + (":*" if t.prefix else "") for t in phrase]
        groups.append("(" + joiner.join(parts) + ")")
    return " & ".join(groups)


def like_patterns(phrases: list[Phrase]) -> list[str]:
    """Return one substring per phrase for the scan over :func:`token_string`."""
    patterns = []
    for phrase in phrases:
        pattern = " " + " ".join(t.text for t in phrase)
        if not phrase[-1].prefix:
            pattern += " "
        patterns.append(pattern)
    return patterns


def phrase_matches(phrase: Phrase, tokens: list[str]) -> bool:
    """Return True if ``phrase`` occurs in ``tokens`` (reference semantics, pure)."""
    n = len(phrase)
    for start in range(len(tokens) - n + 1):
        if all(
            tokens[start + k].startswith(t.text)
            if t.prefix
            else tokens[start + k] == t.text
            for k, t in enumerate(phrase)
        ):
            return True
    return False
