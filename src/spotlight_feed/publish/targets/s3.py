"""S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2, SeaweedFS...).

Through boto3, the client every S3-compatible vendor documents
(docs/sources.md §8.8), installed by the optional extra
``spotlight-feed[s3]``. Credentials and region come only from boto3's own chain
(``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``,
``~/.aws/credentials``); the endpoint from ``AWS_ENDPOINT_URL``, the target's
``?endpoint=`` or ``publish.endpoint_url``. Every object is written with its
Content-Type and Cache-Control from :mod:`..headers` and its SHA-256 as
``x-amz-meta-sha256``; the feed and the remote manifest with ``If-Match`` /
``If-None-Match: *`` (AWS conditional writes,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
CORS (GET and HEAD from any origin) is set on the bucket with PutBucketCors.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .. import PublishError
from ..headers import CORS_EXPOSE, CORS_MAX_AGE, CORS_METHODS
from ..plan import Put
from .base import Done

MULTIPART = 8 * 1024 * 1024
_CREDENTIALS = (
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or a profile in "
    "~/.aws/credentials); credentials are never read from podcast.yaml"
)


class S3Target:
    """A bucket and a key prefix."""

    sets_headers = True

    def __init__(
        self,
        bucket: str,
        prefix: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        addressing_style: str | None = None,
        public_url: str | None = None,
        cors: bool = True,
        jobs: int = 8,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.label = f"s3://{bucket}/{self.prefix}"
        self.endpoint_url = endpoint_url
        self.region = region
        self.addressing_style = addressing_style
        self.public_url = public_url
        self.cors = cors
        self.jobs = jobs
        self._client: Any = None

    @classmethod
    def from_spec(cls, spec: str, settings: Mapping[str, Any]) -> S3Target:
        """``s3://bucket/prefix?endpoint=URL&region=R&addressing=path|virtual``."""
        parts = urlsplit(spec)
        if not parts.netloc:
            raise PublishError(f"{spec}: no bucket; write s3://bucket/prefix")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint", "region", "addressing"}
        if unknown:
            raise PublishError(
                f"{spec}: unknown option(s) {', '.join(sorted(unknown))}; "
                "use endpoint, region, addressing"
            )
        return cls(
            parts.netloc,
            parts.path,
            endpoint_url=query.get("endpoint") or settings.get("endpoint_url"),
            region=query.get("region") or settings.get("region"),
            addressing_style=query.get("addressing") or settings.get("addressing_style"),
            public_url=settings.get("public_url"),
            cors=bool(settings.get("cors", True)),
        )

    # --- the client and its errors ------------------------------------------------------
    @property
    def client(self) -> Any:
        """The boto3 client, made on first use."""
        if self._client is None:
            try:
                import boto3
                from botocore.config import Config
            except ImportError as exc:
                raise PublishError(
                    "publishing to S3 needs boto3: pip install 'spotlight-feed[s3]'"
                ) from exc
            config = Config(
                s3={"addressing_style": self.addressing_style or "auto"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=10,
                read_timeout=120,
                max_pool_connections=max(10, self.jobs),
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
            self._client = boto3.session.Session().client(
                "s3", endpoint_url=self.endpoint_url, region_name=self.region, config=config
            )
        return self._client

    def _key(self, path: str) -> str:
        return self.prefix + path

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
        )

        where = self.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "AWS S3"
        try:
            yield
        except (NoCredentialsError, PartialCredentialsError) as exc:
            raise PublishError(f"{self.label}: no S3 credentials ({exc}); {_CREDENTIALS}") from exc
        except EndpointConnectionError as exc:
            raise PublishError(f"{self.label}: cannot reach {where} while {what}: {exc}") from exc
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code == "NoSuchBucket" or (code in {"404", "NotFound"} and what == "connecting"):
                raise PublishError(
                    f"{self.label}: bucket '{self.bucket}' does not exist at {where}; "
                    "create it first (this tool never creates buckets)"
                ) from exc
            if code in {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403"}:
                raise PublishError(
                    f"{self.label}: the S3 credentials were refused ({code}) while {what}; "
                    f"{_CREDENTIALS}"
                ) from exc
            if code == "PreconditionFailed" or status == 412:
                raise PublishError(
                    f"{self.label}: {what}: the object changed at the target since this "
                    "publish planned (another publish running?); the live feed was not "
                    "overwritten and nothing was deleted; run publish again to re-plan"
                ) from exc
            raise PublishError(f"{self.label}: {what}: {code or status}: {exc}") from exc
        except (BotoCoreError, OSError) as exc:
            raise PublishError(f"{self.label}: {what}: {exc}") from exc

    # --- reading --------------------------------------------------------------------------
    def connect(self) -> None:
        """HeadBucket: the bucket exists and the credentials may use it."""
        with self._errors("connecting"):
            self.client.head_bucket(Bucket=self.bucket)

    def read(self, path: str) -> bytes | None:
        """GetObject, ``None`` on 404."""
        from botocore.exceptions import ClientError

        with self._errors(f"reading {path}"):
            try:
                body: bytes = self.client.get_object(Bucket=self.bucket, Key=self._key(path))[
                    "Body"
                ].read()
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                    return None
                raise
        return body

    def token(self, path: str) -> str | None:
        """The object's ETag (HeadObject), ``None`` on 404."""
        from botocore.exceptions import ClientError

        with self._errors(f"checking {path}"):
            try:
                etag: str = self.client.head_object(Bucket=self.bucket, Key=self._key(path))["ETag"]
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
                    return None
                raise
        return etag

    def fingerprint(self, path: str) -> str | None:
        """The ``x-amz-meta-sha256`` publish stored (HeadObject), ``None`` without one."""
        from botocore.exceptions import ClientError

        with self._errors(f"checking {path}"):
            try:
                meta = self.client.head_object(Bucket=self.bucket, Key=self._key(path))
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
                    return None
                raise
        value = meta.get("Metadata", {}).get("sha256")
        return str(value) if value else None

    def listing(self) -> list[str]:
        """ListObjectsV2 over the prefix, every page."""
        out: list[str] = []
        with self._errors("listing the prefix"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                out.extend(obj["Key"][len(self.prefix) :] for obj in page.get("Contents", []))
        return out

    # --- writing --------------------------------------------------------------------------
    def prepare(self) -> list[str]:
        """PutBucketCors when the bucket's rules differ from ours (it is bucket-wide)."""
        if not self.cors:
            return []
        from botocore.exceptions import ClientError

        rules = {
            "CORSRules": [
                {
                    "AllowedMethods": list(CORS_METHODS),
                    "AllowedOrigins": ["*"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": list(CORS_EXPOSE),
                    "MaxAgeSeconds": CORS_MAX_AGE,
                }
            ]
        }
        with self._errors("setting CORS"):
            try:
                current = self.client.get_bucket_cors(Bucket=self.bucket).get("CORSRules")
            except ClientError:
                current = None
            if current == rules["CORSRules"]:
                return []
            try:
                self.client.put_bucket_cors(Bucket=self.bucket, CORSConfiguration=rules)
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                return [
                    f"could not set CORS on bucket {self.bucket} ({code}); set GET/HEAD from "
                    "any origin by hand (README, Publishing) or web players cannot load "
                    "transcripts and chapters"
                ]
        return [f"set CORS (GET, HEAD from any origin) on bucket {self.bucket}"]

    def _extra(self, put: Put) -> dict[str, Any]:
        return {
            "ContentType": put.content_type,
            "CacheControl": put.cache_control,
            "Metadata": {"sha256": put.sha256},
        }

    def _upload_one(self, put: Put, dist: Path) -> None:
        from boto3.s3.transfer import TransferConfig

        source = dist / put.path
        with self._errors(f"uploading {put.path}"):
            if put.size < MULTIPART:
                with source.open("rb") as f:
                    self.client.put_object(
                        Bucket=self.bucket, Key=self._key(put.path), Body=f, **self._extra(put)
                    )
            else:
                self.client.upload_file(
                    str(source),
                    self.bucket,
                    self._key(put.path),
                    ExtraArgs=self._extra(put),
                    Config=TransferConfig(multipart_threshold=MULTIPART, use_threads=False),
                )

    def _relabel_one(self, put: Put) -> None:
        with self._errors(f"relabelling {put.path}"):
            key = self._key(put.path)
            self.client.copy_object(
                Bucket=self.bucket,
                Key=key,
                CopySource={"Bucket": self.bucket, "Key": key},
                MetadataDirective="REPLACE",
                **self._extra(put),
            )

    def _parallel(self, items: Sequence[Any], one: Callable[[Any], None], done: Any) -> None:
        if len(items) <= 1 or self.jobs <= 1:
            for item in items:
                one(item)
                done(item)
            return
        with ThreadPoolExecutor(self.jobs) as pool:
            futures = [(item, pool.submit(one, item)) for item in items]
            for item, future in futures:
                future.result()
                done(item)

    def upload(self, puts: Sequence[Put], dist: Path, done: Done) -> None:
        """PutObject (multipart above 8 MiB), several at a time."""
        self.client  # noqa: B018 (made once, before the threads share it)
        self._parallel(puts, lambda p: self._upload_one(p, dist), done)

    def relabel(self, puts: Sequence[Put], done: Done) -> None:
        """CopyObject onto itself with the new headers."""
        self._parallel(puts, self._relabel_one, done)

    def write(self, put: Put, data: bytes, expect: str | None) -> str | None:
        """PutObject with ``If-Match: expect`` or ``If-None-Match: *``."""
        condition = {"IfMatch": expect} if expect else {"IfNoneMatch": "*"}
        with self._errors(f"writing {put.path}"):
            result = self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(put.path),
                Body=data,
                **self._extra(put),
                **condition,
            )
        return str(result["ETag"])

    def delete(self, paths: Sequence[str], done: Callable[[str], None]) -> None:
        """DeleteObjects, up to 1,000 keys a request."""
        for start in range(0, len(paths), 1000):
            batch = list(paths[start : start + 1000])
            with self._errors("deleting"):
                result = self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": self._key(p)} for p in batch], "Quiet": True},
                )
            errors = result.get("Errors") or []
            if errors:
                first = errors[0]
                raise PublishError(
                    f"{self.label}: could not delete {len(errors)} object(s), e.g. "
                    f"{first.get('Key')}: {first.get('Code')} {first.get('Message')}"
                )
            for p in batch:
                done(p)

    def commit(self, message: str) -> None:
        """Objects are live when written."""

    def close(self) -> None:
        """Nothing to release."""
