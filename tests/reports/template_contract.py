"""A static check of a Jinja2 template against its typed context.

The template's AST (``jinja2`` parse, as ``jinja2.meta`` uses) is walked with a type for every
name in scope: ``page`` is the context dataclass, loop variables take the element type of the
tuple they iterate, ``{% set %}`` names the type of its value, and a macro's parameters take
the types of the arguments at each call site (macros imported with ``{% from %}`` and blocks
of an ``{% extends %}`` parent are followed). Every ``a.b`` whose ``a`` has a known type must
name a field, property or method of it; every dataclass field reachable from the context must
be read somewhere, unless its class lists it in ``CHART_FIELDS`` (drawn only as a chart).
``charts.<name>`` uses are collected to compare with the page's chart builder.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes

CHARTS = object()  # the type of the ``charts`` mapping


@dataclass
class Report:
    missing: set[str] = field(default_factory=set)  # "Class.attr" the template reads but lacks
    used: set[tuple[type, str]] = field(default_factory=set)
    charts: set[str] = field(default_factory=set)


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return tp


def _element(tp: Any) -> Any:
    """The element type of ``tuple[X, ...]`` (a row of cells is ``tuple[Cell, ...]`` too)."""
    tp = _unwrap(tp)
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        return args[0] if args else None
    return None


def _attribute_type(tp: Any, attr: str, report: Report) -> Any:
    tp = _unwrap(tp)
    if tp is CHARTS:
        report.charts.add(attr)
        return None
    if not isinstance(tp, type):
        return None
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        if attr in {f.name for f in dataclasses.fields(tp)}:
            report.used.add((tp, attr))
            return hints[attr]
        prop = getattr(tp, attr, None)
        if isinstance(prop, property):
            return typing.get_type_hints(prop.fget).get("return")
    if not hasattr(tp, attr):
        report.missing.add(f"{tp.__name__}.{attr}")
    return None


class _Walker:
    def __init__(self, env: jinja2.Environment, report: Report) -> None:
        self.env = env
        self.report = report
        self.macros: dict[str, nodes.Macro] = {}
        self.seen_calls: set[tuple[str, tuple[Any, ...]]] = set()

    def parse(self, name: str) -> nodes.Template:
        source = self.env.loader.get_source(self.env, name)[0]
        return self.env.parse(source)

    def collect_macros(self, tree: nodes.Template) -> None:
        for node in tree.find_all(nodes.Macro):
            self.macros[node.name] = node
        for imp in tree.find_all(nodes.FromImport):
            other = self.parse(imp.template.value)
            for m in other.find_all(nodes.Macro):
                self.macros[m.name] = m

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            return _attribute_type(self.type_of(node.node, scope), node.attr, self.report)
        self.walk(node, scope)
        return None

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.Getattr):
            self.type_of(node, scope)
        elif isinstance(node, nodes.For):
            element = _element(self.type_of(node.iter, scope))
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = element
            for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
                self.walk(child, inner)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            scope[node.target.name] = self.type_of(node.node, scope)
        elif isinstance(node, nodes.Macro):
            return  # walked at each call with the argument types
        elif (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name in self.macros
        ):
            self.call_macro(self.macros[node.node.name], node, scope)
        else:
            for child in node.iter_child_nodes():
                self.walk(child, scope)

    def call_macro(self, macro: nodes.Macro, call: nodes.Call, scope: dict[str, Any]) -> None:
        arg_types = tuple(self.type_of(a, scope) for a in call.args)
        key = (macro.name, tuple(id(t) for t in arg_types))
        if key in self.seen_calls:
            return
        self.seen_calls.add(key)
        inner = {p.name: t for p, t in zip(macro.args, arg_types, strict=False)}
        for child in macro.body:
            self.walk(child, inner)


def check(env: jinja2.Environment, template: str, context_type: type) -> Report:
    """Walk ``template`` (and its parent and imported macros) with ``page: context_type``."""
    report = Report()
    walker = _Walker(env, report)
    tree = walker.parse(template)
    trees = [tree]
    for ext in tree.find_all(nodes.Extends):
        trees.append(walker.parse(ext.template.value))
    for t in trees:
        walker.collect_macros(t)
    scope = {"page": context_type, "charts": CHARTS}
    for t in trees:
        for child in t.body:
            walker.walk(child, dict(scope))
    return report


def reachable_fields(root: type) -> set[tuple[type, str]]:
    """Every (dataclass, field) reachable from ``root``, not descending into chart-only fields."""
    out: set[tuple[type, str]] = set()
    todo, seen = [root], set()
    while todo:
        tp = todo.pop()
        if tp in seen or not (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
            continue
        seen.add(tp)
        hints = typing.get_type_hints(tp)
        chart_only = set(getattr(tp, "CHART_FIELDS", ()))
        for f in dataclasses.fields(tp):
            if f.name in chart_only:
                continue
            out.add((tp, f.name))
            hint = _unwrap(hints[f.name])
            while _element(hint) is not None:  # tuple[tuple[Cell, ...], ...] → Cell
                hint = _unwrap(_element(hint))
            todo.append(hint)
    return out


def chart_only_fields(root: type) -> set[tuple[type, str]]:
    """The declared chart-only fields (each must name a real field)."""
    out = set()
    for tp, _ in reachable_fields(root) | {(root, "")}:
        for name in getattr(tp, "CHART_FIELDS", ()):
            out.add((tp, name))
    return out
