"""The shape of a Rego module that scripts/mutagen.py mutates: tokens that keep every
character (so joining them gives the module back byte for byte), and the module cut into
its header (package, imports), its top-level statements (rules) and, inside a rule, the
lines that are one whole body expression.

The cut is by layout, not by a parser: a statement starts on a line that begins at
column 0 (not with a closing bracket, `else` or a comment) and runs until the next one; a
body expression is a line that starts one bracket deep in its statement and closes what it
opens. OPA's formatter writes modules that way, and the conformance cases mostly are. A
module laid out otherwise only offers fewer places to mutate; nothing here has to be
valid Rego — what OPA answers for a mutant is the contract, errors included.
Standard library only.
"""
import re

# One token per match, whitespace and comments included; order matters (longest first).
TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<number>(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>:=|==|!=|<=|>=|[<>=+\-*/%|&])
  | (?P<punct>.)
""", re.X | re.S)

OPENING, CLOSING = "([{", ")]}"
KEYWORD_CONSTANTS = {"true", "false", "null"}


class Token:
    __slots__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind, self.text = kind, text

    def is_constant(self):
        return self.kind in ("string", "raw", "number") or (self.kind == "name" and self.text in KEYWORD_CONSTANTS)


def tokens(text):
    return [Token(m.lastgroup, m.group()) for m in TOKEN.finditer(text)]


def render(toks):
    return "".join(t.text for t in toks)


def bracket_change(line):
    """How much deeper the line leaves the brackets than it found them."""
    depth = 0
    for t in tokens(line):
        if t.kind == "punct":
            depth += (t.text in OPENING) - (t.text in CLOSING)
    return depth


def is_header_line(line):
    return re.match(r"\s*(package|import)\b", line) is not None


def starts_statement(line):
    return bool(line) and not line[0].isspace() and not re.match(r"[)\]}#]|else\b", line)


class Module:
    """A module as header lines and statements (each a list of lines), joined back by render."""

    def __init__(self, text):
        lines = text.split("\n")
        self.header, self.statements = [], []
        for line in lines:
            if not self.statements and (is_header_line(line) or not starts_statement(line)):
                self.header.append(line)
            elif starts_statement(line):
                self.statements.append([line])
            else:
                self.statements[-1].append(line)

    def render(self):
        return "\n".join(self.header + [line for s in self.statements for line in s])

    def body_lines(self):
        """(statement index, line index) of every line that is one whole body expression."""
        found = []
        for si, statement in enumerate(self.statements):
            depth = bracket_change(statement[0])
            for li in range(1, len(statement)):
                line = statement[li]
                change = bracket_change(line)
                if depth == 1 and change == 0 and line.strip() and not line.strip().startswith(("#", "}", ")", "]")):
                    found.append((si, li))
                depth += change
        return found


def indentation(line):
    return line[: len(line) - len(line.lstrip())]


def statement_name(statement):
    """The rule's name as its head writes it (`p`, `a.b.c`, `f`), and the text of a
    function's parameters when it is one (None otherwise)."""
    m = re.match(r"(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\([^)]*\))?", statement[0])
    if not m:
        return None, None
    return m.group(1), m.group(2)
