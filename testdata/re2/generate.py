#!/usr/bin/env python3
"""Writes program-sizes.json: RE2's own verdict on each regex of CASES.

For every regex, RE2 either compiles it (its program size, as `RE2::ProgramSize()` reports it,
the number Envoy compares with `re2.max_program_size.error_level`) or refuses it (its error),
reading UTF-8 (RE2's default) and reading Latin-1 (the regex's UTF-8 bytes one by one, which is
what Envoy 1.40's sizes match).
smi-types' RE2 model (smi-types/src/re2/) is checked against this table by
smi-types/tests/re2_program_sizes.rs; CI needs no Python, the table is checked in.

Run (from the repository root):

    python3 -m venv ~/.cache/smi-re2-venv
    ~/.cache/smi-re2-venv/bin/pip install google-re2
    ~/.cache/smi-re2-venv/bin/python testdata/re2/generate.py > testdata/re2/program-sizes.json
"""

import json
import sys
from importlib.metadata import version

import re2

# Regexes as SMI manifests write them, as Envoy receives them (a path regex `R` is sent as
# `(?:R).*`), and around Envoy's default limit of 100.
CASES = [
    # Literals and anchors.
    "", "a", "ab", "abc", "abcd", "/metrics", "/api/v1/users",
    "^", "$", "^$", "^a", "^abc", "^abc$", "abc$", "a^", "\\Aabc", "abc\\z",
    "(?m)^a", "(?m)a$", "x\\b", "\\bx", "\\Bx",
    "é", "^é", "日本", "\\x{10FFFF}", "\\x{100}", "\\x41", "→", "[^é]", "[é-ü]{3}",
    # Case folding.
    "(?i)abc", "(?i)^abc", "(?i)k", "(?i)s", "(?i)é", "(?i)[a-z]", "(?i)→", "(?i)ä", "(?i)µ",
    "(?i)[à-ÿ]",
    # Repetition.
    "a*", "a+", "a?", "a*?", "a+?", "a??", "^a+", "a{2}", "a{2,}", "a{2,5}", "a{0,3}", "a{0}",
    "a{1}", "a{1,1}", "a{0,1}", "a{3,}", "a{1000}", "(a{2}){3}", "(?:ab){3}", "(?:ab)*", "(a|b)*",
    "(?:a*)+", "(?:a?)*", "a*a", "a*a*", "a+a", ".*.*", "(?:/api/.*).*", "(?:/api/.+).*",
    "x{50}", "x{95}", "x{96}", "x{97}", "x{98}", "(?:ab){48}", "(?:ab){49}",
    "[a-z]{1,95}", "[a-z]{1,96}", "[0-9]{48}", "[0-9]{0,48}", "[0-9]{0,49}",
    # Classes.
    "[a-z]", "[a-z]+", "[^a]", "[^a-z]", "[A-Z]", "[a-zA-Z]", "[a-zA-Z0-9_-]", "[a-zA-Z0-9_-]+",
    "[0-9a-f]", "[0-9a-fA-F]", "[ -~]", "[\\x00-\\x7F]", "[à-ÿ]", "[à-ÿĀ-ſ]", "[éñ]",
    "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\d+", "[\\d\\s]", "[[:alpha:]]", "[[:space:]]",
    "[[:^digit:]]", "[[:xdigit:]]+", ".", "(?s).", "[\\s\\S]", "\\pL", "\\p{L}", "\\p{Lu}",
    "\\p{Greek}", "\\PL", "\\p{Nd}",
    # Alternation.
    "a|b", "ab|cd", "ab|ac", "GET|POST", "GET|POST|PUT", "a|", "|a", "(?:a|b|c)",
    "foo|bar|baz", "x(?:a|b)y", "[a-c]|d|[x-z]", "(?:abc|abd)", "\\d+|[a-z]+",
    # Groups.
    "(a)", "(?:a)", "(?P<n>a)", "(?<n>a)", "((a))", "(a)(b)", "^(a)", "(^a)", "(a$)",
    # SMI and Envoy shapes.
    "/api/v[0-9]+/.*", "(?:/api/v[0-9]+/.*).*", ".*Android.*", "^(.*?;)?(type=insider)(;.*)?$",
    "/v1/[a-zA-Z0-9_-]{20,40}", "(?:/v1/[a-zA-Z0-9_-]{20,40}).*", "^/v4/advisory/[0-9a-z-]{36}/clone$",
    "(?:/static/.*\\.css).*", "/users/[0-9]+", "(?:/users/[0-9]+).*", "(?:/users/[0-9]+)",
    "/orders/[0-9a-f]{8}", "(?:/orders/[0-9a-f]{8}).*", "(?:/orders/[0-9a-f]{20}).*",
    "(?:/orders/[0-9a-f]{21}).*", "(?:/orders/[0-9a-f]{22}).*",
    "(?:/[a-z]+/[0-9]+/[a-z]+).*", "(?:/api/(?:v1|v2)/.*).*", "Mozilla/5\\.0.*",
    "(?:^/api).*", "(?:^/api/.*).*", "(?:^/users/[0-9]+)", "(?:^[a-z]+).*", "(?:(?i)/API).*",
    "(?:/a{45}).*", "(?:/a{90}).*", "(?:/a{91}).*", "(?:/a{92}).*",
    # Refused by RE2.
    "a{1001}", "a{1000}{1000}", "(a{1000}){1000}", "(a{100}){11}", "(a{100}){10}",
    "\\p{L}{1000}", "a**", "a*+", "a{2}{3}", "a*{2}", "(?x)a", "\\p{Letter}", "\\p{sc=Greek}",
    "\\Z", "\\u0041", "[[a]]", "[a&&b]", "a{,3}", "(?=a)", "\\1", "(", "[a-",
]


LATIN1 = re2.Options()
LATIN1.encoding = re2.Options.Encoding.LATIN1


def answer(compile):
    try:
        return {"program_size": compile().programsize}
    except re2.error as e:
        message = e.args[0].decode() if isinstance(e.args[0], bytes) else str(e.args[0])
        return {"error": message}


def verdict(regex):
    return {
        "regex": regex,
        "utf8": answer(lambda: re2.compile(regex)),
        "latin1": answer(lambda: re2.compile(regex.encode("utf-8"), LATIN1)),
    }


def main():
    table = {
        "generated_by": "testdata/re2/generate.py",
        "oracle": "RE2 through the google-re2 Python package " + version("google-re2"),
        "licence": "RE2 is BSD-3-Clause (Copyright The RE2 Authors); the numbers are RE2's output",
        "cases": [verdict(regex) for regex in CASES],
    }
    # One case per line, so that a change reads as a one-line diff.
    cases = table.pop("cases")
    head = json.dumps(table, indent=1, ensure_ascii=False)[:-2]
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    sys.stdout.write(head + ',\n "cases": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n")


if __name__ == "__main__":
    main()
