"""The Celery tasks, the after-commit scheduling, the command, and where the files go."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings

from catalog.handbook_outputs.schedule import handbook_outputs_schedule
from catalog.models import Handbook, HandbookStatus
from catalog.tasks import generate_handbook_package_task, generate_handbook_pdf_task
from tests.catalog.outputs.helpers import read_package, read_pdf
from tests.catalog.outputs.sample import COUNTY_CODE, EDITION, build_handbook

pytestmark = pytest.mark.django_db

PDF_NAME = f"handbooks/{COUNTY_CODE}-{EDITION}.pdf"
ZIP_NAME = f"handbooks/{COUNTY_CODE}-{EDITION}.zip"


def stored_handbook_files() -> set[str]:
    _dirs, files = default_storage.listdir("handbooks")
    return {f"handbooks/{name}" for name in files}


def test_tasks_store_the_files_under_the_county_and_edition(sample):
    generate_handbook_pdf_task.delay(sample.handbook.pk)
    generate_handbook_package_task.delay(sample.handbook.pk)

    handbook = Handbook.objects.get(pk=sample.handbook.pk)
    assert handbook.pdf_file.name == PDF_NAME
    assert handbook.package_file.name == ZIP_NAME
    assert {PDF_NAME, ZIP_NAME} <= stored_handbook_files()


def test_running_again_replaces_the_files_in_place(sample):
    generate_handbook_pdf_task.delay(sample.handbook.pk)
    generate_handbook_package_task.delay(sample.handbook.pk)
    sample.pig.name_zh = "藏香猪（散养）"
    sample.pig.save(update_fields=["name_zh"])

    generate_handbook_pdf_task.delay(sample.handbook.pk)
    generate_handbook_package_task.delay(sample.handbook.pk)

    handbook = Handbook.objects.get(pk=sample.handbook.pk)
    assert (handbook.pdf_file.name, handbook.package_file.name) == (PDF_NAME, ZIP_NAME)
    assert stored_handbook_files() == {PDF_NAME, ZIP_NAME}
    assert "藏香猪（散养）" in read_pdf(handbook.pdf_file)[1].text
    assert read_package(handbook.package_file).rows[1]["商品名称（中文）/name_zh"] == (
        "藏香猪（散养）"
    )


def test_tasks_record_only_the_file_and_leave_the_review_alone(sample):
    stale = Handbook.objects.get(pk=sample.handbook.pk)
    Handbook.objects.filter(pk=stale.pk).update(
        status=HandbookStatus.SUBMITTED, review_comment="请核对价格"
    )

    generate_handbook_pdf_task.delay(stale.pk)

    handbook = Handbook.objects.get(pk=stale.pk)
    assert handbook.status == HandbookStatus.SUBMITTED
    assert handbook.review_comment == "请核对价格"
    assert handbook.pdf_file.name == PDF_NAME


def test_a_deleted_handbook_is_skipped():
    generate_handbook_pdf_task.delay(999_999)
    generate_handbook_package_task.delay(999_999)

    assert not default_storage.exists(PDF_NAME)


def test_schedule_runs_both_tasks_only_after_commit(sample, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        handbook_outputs_schedule(handbook_id=sample.handbook.pk)

        handbook = Handbook.objects.get(pk=sample.handbook.pk)
        assert not handbook.pdf_file and not handbook.package_file
    assert len(callbacks) == 2

    for callback in callbacks:
        callback()

    handbook.refresh_from_db()
    assert (handbook.pdf_file.name, handbook.package_file.name) == (PDF_NAME, ZIP_NAME)


def test_command_makes_both_outputs_now(sample, capsys):
    call_command("handbook_outputs", "--county", COUNTY_CODE, "--edition", str(EDITION))

    handbook = Handbook.objects.get(pk=sample.handbook.pk)
    assert (handbook.pdf_file.name, handbook.package_file.name) == (PDF_NAME, ZIP_NAME)
    output = capsys.readouterr().out
    assert f"pdf: {PDF_NAME}" in output
    assert f"package: {ZIP_NAME}" in output


def test_command_can_make_one_output(sample):
    call_command(
        "handbook_outputs", "--county", COUNTY_CODE, "--edition", str(EDITION), "--only", "package"
    )

    handbook = Handbook.objects.get(pk=sample.handbook.pk)
    assert not handbook.pdf_file
    assert handbook.package_file.name == ZIP_NAME


def test_command_refuses_an_unknown_handbook(db):
    with pytest.raises(CommandError, match="No handbook for county 540421, edition 1999"):
        call_command("handbook_outputs", "--county", COUNTY_CODE, "--edition", "1999")


@pytest.mark.s3
def test_outputs_are_stored_on_s3(db, s3_bucket):
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_bucket["storage_options"],
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        sample = build_handbook()  # its images are uploaded to the bucket too
        for _ in range(2):  # the second run replaces the objects, no suffixed copies
            generate_handbook_pdf_task.delay(sample.handbook.pk)
            generate_handbook_package_task.delay(sample.handbook.pk)

        handbook = Handbook.objects.get(pk=sample.handbook.pk)
        keys = {
            item["Key"]
            for item in s3_bucket["client"].list_objects_v2(Bucket=s3_bucket["name"])["Contents"]
            if item["Key"].startswith("handbooks/")
        }
        assert keys == {PDF_NAME, ZIP_NAME}
        assert (handbook.pdf_file.name, handbook.package_file.name) == (PDF_NAME, ZIP_NAME)
        reader, pdf = read_pdf(handbook.pdf_file)
        package = read_package(handbook.package_file)
    assert "工布江达县" in pdf.text
    assert len(reader.pages) == 3
    assert f"images/entry-{sample.songrong.pk}-1.png" in package.names
