"""Every message an import report carries, in Chinese and English.

They are data stored in the report (county staff read the Chinese, the platform team the
English), not gettext strings. `{field}` is replaced by the field's label in each language.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Localized:
    """A parameter that reads differently in each language."""

    zh: str
    en: str


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name_zh": ("产品名称", "product name (Chinese)"),
    "name_bo": ("藏文名称", "product name (Tibetan)"),
    "name_en": ("英文名称", "product name (English)"),
    "specification": ("规格", "specification"),
    "unit": ("单位", "unit"),
    "price": ("价格", "price"),
    "price_min": ("最低价", "minimum price"),
    "price_max": ("最高价", "maximum price"),
    "production_area": ("产地", "production area"),
    "annual_output": ("年产量", "annual output"),
    "season": ("上市季节", "season"),
    "quality_level": ("质量等级", "quality level"),
    "certifications": ("认证", "certifications"),
    "sales_channels": ("销售渠道", "sales channels"),
    "brand_ownership": ("品牌归属", "brand ownership"),
    "brand": ("品牌", "brand"),
    "producer_name": ("生产主体", "producer"),
    "ecommerce_enterprise": ("电商企业", "e-commerce enterprise"),
    "gtin": ("条形码", "barcode (GTIN)"),
    "image_references": ("图片", "images"),
    "notes": ("备注", "notes"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "a draft"),
    "submitted": ("已提交审核", "submitted for review"),
    "returned": ("已退回修改", "returned with comments"),
    "approved": ("已审核发布", "approved and published"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # The file as a whole.
    "empty_file": ("文件是空的。", "The file is empty."),
    "file_too_large": (
        "文件过大（{size} MB，上限 {limit} MB），请拆分后导入。",
        "The file is too large ({size} MB, the limit is {limit} MB); split it.",
    ),
    "not_spreadsheet": (
        "文件不是电子表格，只接受 .xlsx 或 .csv 文件。",
        "The file is not a spreadsheet; only .xlsx and .csv files are accepted.",
    ),
    "legacy_xls": (
        "文件是旧版 Excel（.xls）格式或设置了密码，请用 Excel 另存为 .xlsx 后再导入。",
        "The file is a legacy Excel (.xls) workbook or is password-protected; "
        "save it as .xlsx in Excel and import it again.",
    ),
    "html_table": (
        "文件是网页或 XML 格式（系统导出的“xls”常是这样），请用 Excel 打开后另存为 .xlsx。",
        "The file is HTML or XML (as some systems export “xls” files); "
        "open it in Excel and save it as .xlsx.",
    ),
    "not_workbook": (
        "压缩文件不是 Excel 工作簿（.xlsx），请另存为 .xlsx 后再导入。",
        "The archive is not an Excel workbook (.xlsx); save it as .xlsx and import it again.",
    ),
    "macros": (
        "工作簿含有宏（.xlsm），请另存为不含宏的 .xlsx 后再导入。",
        "The workbook contains macros (.xlsm); save it as a macro-free .xlsx and import it again.",
    ),
    "zip_bomb": (
        "文件解压后过大（{size} MB，上限 {limit} MB），已拒绝。",
        "The file expands to too much data ({size} MB, the limit is {limit} MB); refused.",
    ),
    "zip_ratio": (
        "文件中的“{member}”压缩比异常（{ratio} 倍，上限 {limit} 倍），疑似压缩炸弹，已拒绝。",
        "The part “{member}” is compressed {ratio} times (the limit is {limit}); "
        "it looks like a zip bomb and was refused.",
    ),
    "zip_members": (
        "文件包含的部件过多（{count} 个，上限 {limit} 个），已拒绝。",
        "The file holds too many parts ({count}, the limit is {limit}); refused.",
    ),
    "xml_entities": (
        "文件含有不允许的 XML 声明（DOCTYPE 或 ENTITY），已拒绝。",
        "The file contains XML declarations that are not allowed (DOCTYPE or ENTITY); refused.",
    ),
    "corrupt": ("文件已损坏，无法读取。", "The file is damaged and cannot be read."),
    "encoding": (
        "无法识别文件的文字编码，请将 CSV 保存为 UTF-8 或 GB18030 编码。",
        "The file's text encoding is not recognised; save the CSV as UTF-8 or GB18030.",
    ),
    "too_many_rows": (
        "数据超过 {limit} 行，请拆分成多个文件导入。",
        "The file has more than {limit} data rows; split it into several files.",
    ),
    "too_many_errors": (
        "错误超过 {limit} 个，已停止检查，其余错误未列出。",
        "More than {limit} errors; checking stopped and the rest are not listed.",
    ),
    "no_data": (
        "文件中没有可导入的数据行。",
        "The file has no data rows to import.",
    ),
    "no_sheet": (
        "所有工作表的前 {rows} 行中都没有找到表头（至少需要“产品名称”列）。",
        "No sheet has a header row within its first {rows} rows "
        "(a “product name” column is needed at least).",
    ),
    # The handbook.
    "handbook_locked": (
        "{county} {edition} 年版网货手册{status}，不能再导入；需退回修改后才能导入。",
        "The {edition} handbook of {county} is {status} and cannot be imported into; "
        "it must be returned for changes first.",
    ),
    "not_county": (
        "“{division}”不是县级行政区，网货手册按县编制。",
        "“{division}” is not a county; handbooks are kept per county.",
    ),
    "edition": (
        "版次年份 {edition} 无效，应在 {low} 到 {high} 之间。",
        "The edition year {edition} is invalid; it must be between {low} and {high}.",
    ),
    # Header.
    "duplicate_column": (
        "“{header}”列与 {other} 列都对应“{field}”，只能保留一列。",
        "The column “{header}” and column {other} both hold the {field}; keep only one.",
    ),
    # Cells.
    "formula": (
        "单元格含有公式，请复制后“粘贴为数值”再导入。",
        "The cell holds a formula; copy it and paste it as values, then import again.",
    ),
    "cell_error": (
        "单元格是错误值，请改为正确的内容。",
        "The cell holds an error value; replace it with the right content.",
    ),
    "required": ("{field}不能为空。", "The {field} is required."),
    "not_chinese": (
        "{field}应填写中文名称（藏文名称请填在藏文名称列）。",
        "The {field} must be in Chinese (put the Tibetan name in the Tibetan name column).",
    ),
    "too_long": (
        "{field}超过 {limit} 个字符。",
        "The {field} is longer than {limit} characters.",
    ),
    "number": (
        "无法识别的数字，应为“1200”“1,200”或“1.2万”这样的写法。",
        "Not a number; write it as “1200”, “1,200” or “1.2万”.",
    ),
    "price": (
        "无法识别的价格，应为“25”“20-30元”或“¥25~35”这样的写法。",
        "Not a price; write it as “25”, “20-30元” or “¥25~35”.",
    ),
    "price_order": (
        "最低价 {low} 高于最高价 {high}。",
        "The minimum price {low} is higher than the maximum price {high}.",
    ),
    "season": (
        "无法识别的上市季节，应为“6-8月”“11月至次年2月”或“全年”这样的写法。",
        "Not a season; write it as “6-8月”, “11月至次年2月” or “全年” (year-round).",
    ),
    "month": (
        "月份 {month} 不在 1 到 12 之间。",
        "Month {month} is not between 1 and 12.",
    ),
    "share": (
        "无法识别的销售渠道占比，应为“农贸市场40%，电商60%”这样的写法。",
        "Sales channels not recognised; write them as “农贸市场40%，电商60%”.",
    ),
    "share_range": (
        "“{channel}”的占比 {share}% 超过 100%。",
        "The share of “{channel}”, {share}%, is over 100%.",
    ),
    "share_total": (
        "销售渠道占比合计 {total}%，超过 100%。",
        "The sales channel shares add up to {total}%, over 100%.",
    ),
    "certification": (
        "未知的认证“{name}”，可填：绿色食品、有机产品、地理标志、承诺达标合格证。",
        "Unknown certification “{name}”; use green food, organic, "
        "geographical indication or commitment certificate.",
    ),
    "gtin": (
        "条形码应为 8、12、13 或 14 位数字。",
        "A barcode (GTIN) has 8, 12, 13 or 14 digits.",
    ),
    "gtin_check": (
        "条形码的校验位不正确，请核对。",
        "The barcode's check digit is wrong; check the number.",
    ),
    "duplicate_row": (
        "与{where}重复（产品名称、规格和生产主体都相同）。",
        "Duplicates {where} (same product name, specification and producer).",
    ),
    # Warnings: reported, never blocking.
    "sheet_skipped": (
        "工作表前 {rows} 行中没有表头，已跳过。",
        "No header row within the sheet's first {rows} rows; the sheet was skipped.",
    ),
    "sheet_hidden": (
        "工作表是隐藏的，已跳过（要导入请先取消隐藏）。",
        "The sheet is hidden and was skipped (unhide it to import it).",
    ),
    "column_ignored": (
        "无法识别的列，已忽略。",
        "Column not recognised; ignored.",
    ),
    "row_skipped": (
        "不是数据行（如填表人、分类标题），已跳过。",
        "Not a data row (a signature line or a section title); skipped.",
    ),
    "season_from_date": (
        "Excel 把“{text}”存成了日期，已按 {text} 月导入。",
        "Excel stored “{text}” as a date; imported as months {text}.",
    ),
    "brand_not_found": (
        "没有名为“{name}”的品牌，该行未关联品牌。",
        "No brand is named “{name}”; the entry is not linked to a brand.",
    ),
    "entry_kept": (
        "“{name}”已不在文件中，但已发布为商品，予以保留。",
        "“{name}” is no longer in the file but is published as a product, so it was kept.",
    ),
}


def _localize(params: dict, index: int) -> dict:
    localized = {}
    for key, value in params.items():
        if isinstance(value, Localized):
            value = (value.zh, value.en)[index]
        elif key == "field" and value in FIELD_LABELS:
            value = FIELD_LABELS[value][index]
        localized[key] = value
    return localized


def render(code: str, **params) -> tuple[str, str]:
    """The message `code` in Chinese and English, with `params` filled in."""
    zh, en = MESSAGES[code]
    return zh.format(**_localize(params, 0)), en.format(**_localize(params, 1))
