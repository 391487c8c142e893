import pytest
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage


@pytest.mark.s3
def test_file_saved_through_storage_is_read_back_from_s3_with_boto3(s3_bucket):
    storage = S3Storage(**s3_bucket["storage_options"])
    content = "林芝松茸 · ཉིང་ཁྲི།".encode()

    name = storage.save("products/songrong.txt", ContentFile(content))

    stored = s3_bucket["client"].get_object(Bucket=s3_bucket["name"], Key=name)
    assert stored["Body"].read() == content
    assert storage.exists(name)
    assert storage.url(name).startswith(s3_bucket["storage_options"]["endpoint_url"])


@pytest.mark.s3
def test_saving_the_same_name_twice_keeps_both_files(s3_bucket):
    storage = S3Storage(**s3_bucket["storage_options"])

    first = storage.save("handbooks/2026.pdf", ContentFile(b"one"))
    second = storage.save("handbooks/2026.pdf", ContentFile(b"two"))

    assert first != second
    keys = {
        o["Key"] for o in s3_bucket["client"].list_objects_v2(Bucket=s3_bucket["name"])["Contents"]
    }
    assert keys == {first, second}
