"""Which parts of the corpus a computation read, so its result can be reused while they are unchanged.

`mkdocs serve` re-renders every page on every edit although one edit changes few pages. Instead of
declaring by hand what each page shows from other records (back-links, related cases, brand names…), a page is
rendered over a *view* of the corpus that notes every read with the value it gave: a record field, whether a
record exists, the list of ids of a table, a back-link entry, the taxonomy. After an edit the page is reused
only if every noted read gives the same value in the new corpus (`Trace.holds`); otherwise it is rendered
again, and traced again. What a page shows is what it depends on, whatever its template does.

Results shared between pages (the related-cases index, the coverage matrix…) are `shared_result` properties:
their reads are noted once and count for every page that uses them. Pure Python, no MkDocs.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

_MISSING = object()
_MISSING_NOW = object()  # not yet looked up in this corpus
_ACTIVE: ContextVar["Tracer | None"] = ContextVar("djkb_tracer", default=None)

# A read: ("field", kind, id, name) · ("record", kind, id) · ("has", table, key) · ("entry", table, key)
# · ("keys", table) · ("len", table) · ("attr", name) · ("corpus",): everything
# · ("derived", name, *args): what the registered function `name` gives for args (see `note_derived`)
Read = tuple

# Functions of the corpus whose results pages depend on as values (see `note_derived`):
# name → f(corpus, memo, *args), `memo` a dict living as long as one corpus is compared against.
DERIVED: dict[str, Callable[..., Any]] = {}
# A derived read's guard: another derived read, of no arguments, giving everything the first is computed from.
# While the guard gives the same value, the derived read holds without being computed again.
DERIVED_GUARDS: dict[str, str] = {}


@dataclass(frozen=True)
class CorpusChange:
    """What differs between the corpus of an earlier build and this one's (`corpus_change`): a trace shown to hold
    against the earlier corpus still holds if none of its reads is about what differs, without computing them."""

    build: int  # this build (stamped on the traces shown to hold, or recorded, in it)
    since: int | None  # the build of the earlier corpus; None: none is known, every read is computed
    entries: frozenset = frozenset()  # (table, key) whose value differs: records by kind and id, back-link entries…
    tables: frozenset = frozenset()  # tables whose keys (or their order) differ
    attributes: frozenset = frozenset()  # corpus attributes whose value differs in any way


def corpus_change(before: Any, now: Any, *, since: int | None, build: int) -> CorpusChange:
    """`before` and `now` compared attribute by attribute, tables key by key. Records of unchanged files are the
    same objects in both (the serve file cache), so comparing a thousand of them is mostly identity checks."""
    if before is None or since is None:
        return CorpusChange(build=build, since=None)
    entries: set[tuple[str, Any]] = set()
    tables: set[str] = set()
    attributes: set[str] = set()
    earlier = vars(before)
    for name, value in vars(now).items():
        old = earlier.get(name, _MISSING)
        if old is value:
            continue
        if type(old) is dict and type(value) is dict:
            found = {
                (name, key)
                for key in old.keys() | value.keys()
                if not _same(value.get(key, _MISSING), old.get(key, _MISSING))
            }
            if list(old) != list(value):
                tables.add(name)
            if found or name in tables:
                entries |= found
                attributes.add(name)
        elif not _same(value, old):
            attributes.add(name)
    attributes |= earlier.keys() - vars(now).keys()
    return CorpusChange(
        build=build, since=since, entries=frozenset(entries), tables=frozenset(tables), attributes=frozenset(attributes)
    )


# Reads about one entry of a table (a record's field, a record, whether a key is there, a back-link entry).
_ENTRY_READS = ("field", "record", "has", "entry")


@dataclass(eq=False)
class Trace:
    """What one computation read: each read with the value it gave, and the shared results it used."""

    reads: dict[Read, Any] = field(default_factory=dict)
    used: list["Trace"] = field(default_factory=list)
    opaque: bool = False  # used something computed without a trace: can never be shown to hold
    checked: int | None = None  # the last build in which it was recorded or shown to hold (`CorpusChange.build`)
    _about: tuple | None = field(default=None, repr=False)  # what its reads are about (`_reads_about`), once known
    _used_ids: set[int] = field(default_factory=set, repr=False)  # of `used`: a listing uses a thousand parts

    def holds(self, corpus: Any, now: dict[Any, Any] | None = None, change: CorpusChange | None = None) -> bool:
        """Does every read give the same value in `corpus` (the real one)? `now` memoises across traces.

        With `change` (what differs from the corpus of `change.since`), a trace that held in that build holds
        unless a read is about what differs; only its derived reads and shared results are checked again."""
        now = {} if now is None else now
        if self.opaque:
            return False
        if change is not None and change.since is not None and self.checked == change.since and self._untouched(change):
            verdict = self._reads_hold(corpus, now, self._about[4]) and self._used_hold(corpus, now, change)
        else:
            verdict = self._reads_hold(corpus, now) and self._used_hold(corpus, now, change)
        if verdict and change is not None:
            self.checked = change.build
        return verdict

    def _untouched(self, change: CorpusChange) -> bool:
        about = self._about
        if about is None:
            about = self._about = self._reads_about()
        entries, tables, attributes, whole, _ = about
        if whole and (change.entries or change.tables or change.attributes):
            return False
        return (
            entries.isdisjoint(change.entries)
            and tables.isdisjoint(change.tables)
            and attributes.isdisjoint(change.attributes)
        )

    def _reads_about(self) -> tuple[frozenset, frozenset, frozenset, bool, tuple[Read, ...]]:
        """(table entries, tables' keys, corpus attributes, the whole corpus) that the reads are about, and the
        derived reads (values computed from much of the corpus: a change says nothing about them)."""
        entries, tables, attributes, whole, derived = set(), set(), set(), False, []
        for read in self.reads:
            what = read[0]
            if what in _ENTRY_READS:
                entries.add((read[1], read[2]))
            elif what in ("keys", "len"):
                tables.add(read[1])
            elif what == "attr":
                attributes.add(read[1])
            elif what == "corpus":
                whole = True
            elif what == "derived":
                derived.append(read)
        return frozenset(entries), frozenset(tables), frozenset(attributes), whole, tuple(derived)

    def _reads_hold(self, corpus: Any, now: dict[Any, Any], reads: Iterable[Read] | None = None) -> bool:
        """Does each of `reads` (all of them by default) give the value it gave?"""
        known = now.get
        for read in self.reads if reads is None else reads:
            if read[0] == "derived" and (read[1] in DERIVED_GUARDS.values() or self._guarded(read, corpus, now)):
                continue  # a guard only spares computing what it guards; that decides
            current = known(read, _MISSING_NOW)
            if current is _MISSING_NOW:
                current = now[read] = current_value(corpus, read, now)
            before = self.reads[read]
            if current is not before and not _same(current, before):
                return False
        return True

    def _used_hold(self, corpus: Any, now: dict[Any, Any], change: CorpusChange | None) -> bool:
        for shared in self.used:
            verdict_key = ("shared", id(shared))
            verdict = now.get(verdict_key)
            if verdict is None:
                verdict = now[verdict_key] = shared.holds(corpus, now, change)
            if not verdict:
                return False
        return True

    def _guarded(self, read: Read, corpus: Any, now: dict[Any, Any]) -> bool:
        """Whether a derived read holds because its guard does: the inputs it is computed from are the same."""
        guard = DERIVED_GUARDS.get(read[1])
        if guard is None or (guard_read := ("derived", guard)) not in self.reads:
            return False
        current = now.get(guard_read, _MISSING_NOW)
        if current is _MISSING_NOW:
            current = now[guard_read] = current_value(corpus, guard_read, now)
        return _same(current, self.reads[guard_read])


def _same(now: Any, before: Any) -> bool:
    if now is before:
        return True
    try:
        return bool(now == before) and type(now) is type(before)
    except Exception:  # noqa: BLE001 — values that cannot be compared are not the same
        return False


def current_value(corpus: Any, read: Read, memo: dict[Any, Any] | None = None) -> Any:
    """What `read` gives in `corpus` (the real one, not a view). `memo`: see `DERIVED`."""
    what = read[0]
    if what == "derived":
        return DERIVED[read[1]](corpus, {} if memo is None else memo, *read[2:])
    if what == "field":
        _, kind, record_id, name = read
        record = getattr(corpus, kind).get(record_id)
        return _MISSING if record is None else getattr(record, name, _MISSING)
    if what == "record":
        return getattr(corpus, read[1]).get(read[2], _MISSING)
    if what == "has":
        return read[2] in getattr(corpus, read[1])
    if what == "entry":
        return getattr(corpus, read[1]).get(read[2], _MISSING)
    if what == "keys":
        return tuple(getattr(corpus, read[1]))
    if what == "len":
        return len(getattr(corpus, read[1]))
    if what == "attr":
        return getattr(corpus, read[1], _MISSING)
    if what == "corpus":
        return _snapshot(corpus)
    raise ValueError(f"unknown read {read!r}")


def _snapshot(corpus: Any) -> tuple:
    """All the corpus's data (records, back-links, taxonomy…), to compare with a later corpus's."""
    return tuple(sorted(vars(corpus).items()))


def read_whole(corpus: Any) -> Any:
    """For a computation that reads the whole corpus anyway (the data export): under tracing, the corpus behind
    the view (fast, nothing noted one by one) and one read of everything; anything else as it is."""
    if type(corpus) is not CorpusView:
        return corpus
    real = object.__getattribute__(corpus, "_djkb_corpus")
    object.__getattribute__(corpus, "_djkb_tracer").note(("corpus",), _snapshot(real))
    return real


def made_once(memo: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    """`make()` once per memo: a build's values computed from its corpus (`Browse.memo`), shared with the checks
    of `mkdocs serve` (whichever asks first makes it)."""
    if key not in memo:
        memo[key] = make()
    return memo[key]


def derived(corpus: Any, name: str, args: tuple, memo: dict[Any, Any]) -> Any:
    """What `DERIVED[name]` gives for the corpus behind `corpus` (a view or the corpus itself), computed untraced
    and noted as one read (`note_derived`)."""
    value = DERIVED[name](unwrap(corpus), memo, *args)
    note_derived(corpus, name, args, value)
    return value


def note_derived(corpus: Any, name: str, args: tuple, value: Any, guard_value: Any = _MISSING) -> None:
    """Under tracing, note that the computation depends on `value`, what `DERIVED[name](corpus, memo, *args)`
    gives, instead of on every read behind it. For results computed from much of the corpus that change far
    less often than their inputs: a case's related cases are ranked over every case, yet adding one case
    changes the related cases of a few others only. `guard_value`: what the guard (`DERIVED_GUARDS[name]`)
    gives now."""
    if type(corpus) is CorpusView:
        tracer = object.__getattribute__(corpus, "_djkb_tracer")
        if guard_value is not _MISSING:
            tracer.note(("derived", DERIVED_GUARDS[name]), guard_value)
        tracer.note(("derived", name, *args), value)


class Tracer:
    """The traces being recorded, innermost last."""

    def __init__(self, build: int | None = None) -> None:
        self.stack: list[Trace] = []
        self.build = build  # stamped on the traces recorded (`Trace.checked`)

    def note(self, read: Read, value: Any) -> None:
        if self.stack:
            self.stack[-1].reads.setdefault(read, value)

    def use(self, shared: Trace | None) -> None:
        if self.stack:
            trace = self.stack[-1]
            if shared is None:
                trace.opaque = True
            elif id(shared) not in trace._used_ids:
                trace._used_ids.add(id(shared))
                trace.used.append(shared)

    def run(self, compute: Callable[[], Any]) -> tuple[Any, Trace]:
        """`compute()` and what it read."""
        trace = Trace(checked=self.build)
        self.stack.append(trace)
        token = _ACTIVE.set(self)
        try:
            return compute(), trace
        finally:
            _ACTIVE.reset(token)
            self.stack.pop()


class shared_result:
    """`functools.cached_property` whose reads count for every computation that uses the result."""

    def __init__(self, compute: Callable[[Any], Any]):
        self.compute = compute
        self.name = compute.__name__
        self.slot = f"_djkb_shared_{self.name}"
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.slot = f"_djkb_shared_{name}"  # not `name`: the instance's dict would hide this descriptor

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        stored = instance.__dict__.get(self.slot, _MISSING)
        tracer = _ACTIVE.get()
        if stored is _MISSING:
            if tracer is not None:
                stored = tracer.run(lambda: self.compute(instance))
            else:
                stored = (self.compute(instance), None)  # nobody is tracing: the reads are unknown
            instance.__dict__[self.slot] = stored
        value, trace = stored
        if tracer is not None:
            tracer.use(trace)
        return value


# -- views: the corpus as computations see it while they are traced ----------------------------------------


class RecordView:
    """A record whose field reads are noted. Behaves as the record for reading, comparing and isinstance."""

    __slots__ = ("_djkb_kind", "_djkb_id", "_djkb_record", "_djkb_tracer")

    def __init__(self, kind: str, record_id: str, record: Any, tracer: Tracer):
        object.__setattr__(self, "_djkb_kind", kind)
        object.__setattr__(self, "_djkb_id", record_id)
        object.__setattr__(self, "_djkb_record", record)
        object.__setattr__(self, "_djkb_tracer", tracer)

    def _whole(self) -> Any:
        record = self._djkb_record
        self._djkb_tracer.note(("record", self._djkb_kind, self._djkb_id), record)
        return record

    def __getattr__(self, name: str) -> Any:
        record = self._djkb_record
        value = getattr(record, name)
        if callable(value) and name not in type(record).model_fields:
            self._whole()  # a method (model_dump…) may read anything in the record
        else:
            self._djkb_tracer.note(("field", self._djkb_kind, self._djkb_id, name), value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("records are read-only")

    @property  # isinstance(view, Case) is True, as for the record
    def __class__(self) -> type:  # type: ignore[override]
        return type(self._djkb_record)

    def __eq__(self, other: Any) -> bool:
        return self._whole() == (other._whole() if isinstance(other, RecordView) else other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    def __str__(self) -> str:
        return str(self._whole())


def unwrap(value: Any) -> Any:
    """The record or corpus behind a view (anything else as it is)."""
    if type(value) is RecordView:
        return object.__getattribute__(value, "_djkb_record")
    if type(value) is CorpusView:
        return object.__getattribute__(value, "_djkb_corpus")
    return value


class TableView(Mapping):
    """A dict of the corpus (records by id, back-links…): key lookups, key lists and lengths are noted."""

    def __init__(self, name: str, table: Mapping, tracer: Tracer, record_kind: str | None):
        self._name, self._table, self._tracer, self._kind = name, table, tracer, record_kind

    def _value(self, key: Any, value: Any) -> Any:
        if self._kind is None:
            self._tracer.note(("entry", self._name, key), value)
            return value
        self._tracer.note(("has", self._name, key), True)
        return RecordView(self._kind, key, value, self._tracer)

    def __getitem__(self, key: Any) -> Any:
        try:
            value = self._table[key]
        except KeyError:
            self._tracer.note(("has", self._name, key), False)
            raise
        return self._value(key, value)

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._table.get(key, _MISSING)
        if value is _MISSING:
            self._tracer.note(
                ("has", self._name, key) if self._kind else ("entry", self._name, key),
                False if self._kind else _MISSING,
            )
            return default
        return self._value(key, value)

    def __contains__(self, key: object) -> bool:
        found = key in self._table
        self._tracer.note(("has", self._name, key), found)
        return found

    def __iter__(self) -> Iterator[Any]:
        keys = tuple(self._table)
        self._tracer.note(("keys", self._name), keys)
        return iter(keys)

    def __len__(self) -> int:
        size = len(self._table)
        self._tracer.note(("len", self._name), size)
        return size

    def keys(self):  # type: ignore[override]
        return list(iter(self))

    def values(self):  # type: ignore[override]
        return [value for _, value in self.items()]

    def items(self):  # type: ignore[override]
        return [(key, self._value(key, self._table[key])) for key in iter(self)]


class CorpusView:
    """The corpus as a traced computation sees it: its tables are `TableView`s, its other data noted as read."""

    def __init__(self, corpus: Any, tracer: Tracer, record_kinds: tuple[str, ...]):
        object.__setattr__(self, "_djkb_corpus", corpus)
        object.__setattr__(self, "_djkb_tracer", tracer)
        object.__setattr__(self, "_djkb_kinds", record_kinds)
        object.__setattr__(self, "_djkb_tables", {})

    def __getattr__(self, name: str) -> Any:
        corpus = self._djkb_corpus
        if name not in vars(corpus):
            member = getattr(type(corpus), name, _MISSING)
            if isinstance(member, property):  # computed from the corpus: computed from this view
                return member.fget(self)
            if callable(member):  # a method of the corpus reads through this view too
                return member.__get__(self, type(corpus))
            if hasattr(member, "__get__"):  # some other computed attribute: what it reads is unknown
                self._djkb_tracer.use(None)
            return getattr(corpus, name)  # a class constant (KINDS): code, not data
        tables = self._djkb_tables
        if name in tables:
            return tables[name]
        value = getattr(corpus, name)
        if isinstance(value, dict):
            view = tables[name] = TableView(name, value, self._djkb_tracer, name if name in self._djkb_kinds else None)
            return view
        self._djkb_tracer.note(("attr", name), value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the corpus is read-only while pages are rendered")

    @property  # isinstance(view, Corpus) is True, as for the corpus
    def __class__(self) -> type:  # type: ignore[override]
        return type(self._djkb_corpus)
