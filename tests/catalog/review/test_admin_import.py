"""The admin's import page: county limited to the scope, errors shown, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.models import HandbookEntry, HandbookImport, HandbookImportStatus
from tests.catalog.handbooks.fixtures import ROWS, row, write_xlsx
from tests.catalog.review.conftest import BAYI, CHENGGUAN, LHASA, division, scoped_staff

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/handbook/import/"
BAD_ROWS = [*ROWS[:2], row(**{"产品名称": "青稞酒", "规格": "500ml", "价格（元）": "很便宜"})]


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def post(client, path, *, county=CHENGGUAN, dry_run=False):
    data = {"county": division(county).pk, "edition": 2025, "file": upload(path)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


def test_form_offers_only_the_scope():
    response = client_for(scoped_staff(LHASA)).get(URL)

    assert response.status_code == 200
    counties = response.context["form"].fields["county"].queryset
    assert {d.code for d in counties} == set(
        division(LHASA).children.values_list("code", flat=True)
    )
    response = client_for(scoped_staff(CHENGGUAN)).get(URL)
    assert response.context["form"].fields["county"].initial == division(CHENGGUAN)


def test_county_outside_the_scope_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "handbook.xlsx")

    response = post(client_for(scoped_staff(CHENGGUAN)), path, county=BAYI)

    assert response.status_code == 200
    assert "county" in response.context["form"].errors
    assert not HandbookImport.objects.exists()


def test_errors_are_listed_and_nothing_is_written(tmp_path):
    path = write_xlsx(tmp_path / "handbook.xlsx", rows=BAD_ROWS)
    client = client_for(scoped_staff(CHENGGUAN))

    response = post(client, path)

    assert response.status_code == 200
    assert response.context["report"]["ok"] is False
    rows = response.context["rows"]
    assert rows, "the errors are listed"
    bad = [r for r in rows if r["value"] == "很便宜"]
    assert bad and bad[0]["row"] == 6 and bad[0]["sheet"] == "网货手册"
    html = response.content.decode()
    assert "很便宜" in html
    assert bad[0]["message"] in html
    assert "The file was refused" in html
    assert not HandbookEntry.objects.exists()
    assert HandbookImport.objects.get().status == HandbookImportStatus.FAILED

    chinese = post(client_for(scoped_staff(CHENGGUAN), "zh-hans"), path)
    message_zh = next(r for r in chinese.context["rows"] if r["value"] == "很便宜")["message"]
    assert message_zh != bad[0]["message"]
    assert message_zh in chinese.content.decode()


def test_dry_run_checks_without_writing(tmp_path):
    path = write_xlsx(tmp_path / "handbook.xlsx")

    response = post(client_for(scoped_staff(CHENGGUAN)), path, dry_run=True)

    assert response.status_code == 200
    report = response.context["report"]
    assert report == {"ok": True, "dry_run": True, "created": len(ROWS), "updated": 0}
    assert "Nothing was imported" in response.content.decode()
    assert not HandbookEntry.objects.exists()


def test_import_writes_entries_and_the_report_is_readable(tmp_path):
    path = write_xlsx(tmp_path / "handbook.xlsx")
    user = scoped_staff(CHENGGUAN)
    client = client_for(user)

    response = post(client, path)

    assert response.context["report"]["ok"] is True
    assert HandbookEntry.objects.filter(handbook__county__code=CHENGGUAN).count() == len(ROWS)
    record = HandbookImport.objects.get()
    detail = client.get(f"/admin/catalog/handbookimport/{record.pk}/change/")
    assert detail.status_code == 200
    assert client.get("/admin/catalog/handbookimport/").context["cl"].result_count == 1
    # Another county's staff cannot read it.
    stranger = client_for(scoped_staff(BAYI))
    assert stranger.get(f"/admin/catalog/handbookimport/{record.pk}/change/").status_code == 403


def test_failed_import_report_shows_the_errors_table(tmp_path):
    path = write_xlsx(tmp_path / "handbook.xlsx", rows=BAD_ROWS)
    client = client_for(scoped_staff(CHENGGUAN))
    post(client, path)
    record = HandbookImport.objects.get()

    response = client.get(f"/admin/catalog/handbookimport/{record.pk}/change/")

    html = response.content.decode()
    assert "handbook-import-errors" in html
    assert "很便宜" in html
