"""What an import found: errors (which block it), warnings (which do not) and counts."""

from dataclasses import asdict, dataclass, field

from catalog.handbook_import.messages import render

MAX_ISSUES = 1000  # per kind; the rest are counted, not listed


@dataclass(frozen=True)
class ImportIssue:
    """One finding. `row` is 1-based as Excel shows it; `column` is the letter and `header`
    the text of its header cell. File-level findings have no sheet, row or column."""

    code: str
    message_zh: str
    message_en: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    header: str = ""
    value: str = ""

    @classmethod
    def make(cls, code: str, *, params: dict | None = None, **where) -> "ImportIssue":
        message_zh, message_en = render(code, **(params or {}))
        return cls(code=code, message_zh=message_zh, message_en=message_en, **where)

    @property
    def cell(self) -> str:
        if self.row is None:
            return self.column
        return f"{self.column}{self.row}"

    @property
    def location(self) -> str:
        """Where Excel shows it: `Sheet1!C5`, `Sheet1!5`, `Sheet1` or empty."""
        if not self.sheet:
            return self.cell
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.startswith("en") else self.message_zh

    def as_dict(self) -> dict:
        return {**asdict(self), "cell": self.cell}


@dataclass
class ImportReport:
    file_name: str
    county: str
    edition: int
    dry_run: bool = False
    status: str = ""  # a HandbookImportStatus value once finished
    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    errors_total: int = 0
    warnings_total: int = 0
    handbook_id: int | None = None
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.errors_total == 0

    @property
    def error_limit_reached(self) -> bool:
        return self.errors_total >= MAX_ISSUES

    def add_error(self, issue: ImportIssue) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_ISSUES:
            self.errors.append(issue)

    def add_warning(self, issue: ImportIssue) -> None:
        self.warnings_total += 1
        if len(self.warnings) < MAX_ISSUES:
            self.warnings.append(issue)

    def as_dict(self) -> dict:
        """The JSON stored in HandbookImport.report."""
        return {
            "file_name": self.file_name,
            "county": self.county,
            "edition": self.edition,
            "dry_run": self.dry_run,
            "status": self.status,
            "sheets": self.sheets,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "kept": self.kept,
            "errors": [issue.as_dict() for issue in self.errors],
            "warnings": [issue.as_dict() for issue in self.warnings],
            "errors_total": self.errors_total,
            "warnings_total": self.warnings_total,
        }
