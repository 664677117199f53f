"""SQL dialects: how each database spells the schema's column kinds, parameters and upserts."""

from __future__ import annotations

from dataclasses import dataclass

from engine.store.schema import Column, Index, Table


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    param: str = "?"
    text_type: str = "TEXT"
    sized_text: bool = False  # TEXT(n) / varchar(n)
    memo_type: str = "TEXT"
    int_type: str = "INTEGER"
    datetime_type: str = "TEXT"
    counter_type: str = "INTEGER PRIMARY KEY"
    if_not_exists: bool = True
    native_upsert: bool = True  # INSERT ... ON CONFLICT (...) DO UPDATE

    def quote(self, name: str) -> str:
        """An identifier as the database reads it back verbatim, whatever quotes or brackets it holds."""
        if self.name == "access":
            return "[" + name.replace("]", "]]") + "]"
        return '"' + name.replace('"', '""') + '"'


    def column_type(self, column: Column) -> str:
        if column.kind == "counter":
            return self.counter_type
        if column.kind == "memo":
            return self.memo_type
        if column.kind == "int":
            return self.int_type
        if column.kind == "datetime":
            return self.datetime_type
        if self.sized_text and column.size:
            return f"{self.text_type}({column.size})"
        return self.text_type

    def column_ddl(self, column: Column, table: Table) -> str:
        ddl = f"{self.quote(column.name)} {self.column_type(column)}"
        if column.not_null and column.kind != "counter":
            ddl += " NOT NULL"
        if table.primary_key == column.name and column.kind != "counter":
            ddl += " PRIMARY KEY"
        return ddl

    def create_table(self, table: Table) -> str:
        cols = ", ".join(self.column_ddl(c, table) for c in table.columns)
        guard = "IF NOT EXISTS " if self.if_not_exists else ""
        return f"CREATE TABLE {guard}{self.quote(table.name)} ({cols})"

    def create_index(self, index: Index) -> str:
        guard = "IF NOT EXISTS " if self.if_not_exists else ""
        unique = "UNIQUE " if index.unique else ""
        cols = ", ".join(self.quote(c) for c in index.columns)
        return f"CREATE {unique}INDEX {guard}{self.quote(index.name)} ON {self.quote(index.table)} ({cols})"

    def placeholders(self, n: int) -> str:
        return ", ".join([self.param] * n)


SQLITE = Dialect("sqlite")
ACCESS = Dialect("access", text_type="TEXT", sized_text=True, memo_type="LONGTEXT", int_type="INTEGER",
                 datetime_type="DATETIME", counter_type="COUNTER PRIMARY KEY", if_not_exists=False,
                 native_upsert=False)
POSTGRES = Dialect("postgresql", param="%s", text_type="varchar", sized_text=True, memo_type="text",
                   int_type="integer", datetime_type="timestamp", counter_type="bigserial PRIMARY KEY")
