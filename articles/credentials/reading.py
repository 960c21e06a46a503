"""Reading C2PA manifests (with c2pa's own Reader) into the claims the admin and the reader panel show."""

import io
import json
import logging
from pathlib import Path

import c2pa
from django.conf import settings

from articles.credentials.vocabulary import SOURCE_TYPE_WORDS, action_words, source_type_term

log = logging.getLogger(__name__)

# Codes that only say the signer's root is not on our trust list: the signature itself is intact.
NOT_ON_TRUST_LIST = {"signingCredential.untrusted"}
PROBLEM_WORDS = {
    "assertion.dataHash.mismatch": "the picture was changed after it was signed",
    "assertion.boxesHash.mismatch": "the picture was changed after it was signed",
    "assertion.hashedURI.mismatch": "the claims were changed after they were signed",
    "claimSignature.mismatch": "the signature does not match the claims",
    "signingCredential.expired": "the signing certificate had expired",
    "signingCredential.revoked": "the signing certificate was revoked",
    "signingCredential.invalid": "the signing certificate is not valid for signing",
    "remote": "the file points to credentials kept at another address, which were not fetched",
}


def pem_setting(value):
    """A PEM given inline or as a path to a file holding it (settings accept both); "" when unset."""
    value = (value or "").strip()
    if not value or "-----BEGIN" in value:
        return value
    return Path(value).expanduser().read_text()


def reader_settings():
    """c2pa settings for reading: never fetch anything over the network; our trust anchors if any."""
    config = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
    anchors = pem_setting(getattr(settings, "C2PA_TRUST_ANCHORS", ""))
    if anchors:
        config["trust"] = {"trust_anchors": anchors}
    return config


def read_credentials(data, manifest=None, *, mime=None):
    """The claims of the manifest in `data` (bytes), or None when the file carries none.

    `manifest` is a sidecar manifest store for `data`, when it has one.
    A damaged manifest is reported as {"state": "Invalid", ...}, never raised:
    an editor uploading a wire picture must not get a 500 for its metadata.
    """
    try:
        with c2pa.Context.from_dict(reader_settings()) as context:
            reader = c2pa.Reader.try_create(mime or None, io.BytesIO(data), manifest_data=manifest, context=context)
            if reader is None:
                return None
            with reader:
                store = json.loads(reader.json())
    except c2pa.C2paError as error:
        log.info("unreadable content credentials: %s", error)
        if str(error).startswith("Remote"):
            # The file names a manifest kept elsewhere; uploads never make us fetch an address they name.
            return {"state": "Unverified", "problems": ["remote"], "actions": [], "ingredients": []}
        return {"state": "Invalid", "problems": [str(error)[:200]], "actions": [], "ingredients": []}
    return summarize(store)


def _failures(results):
    failures = (results or {}).get("activeManifest", {}).get("failure", [])
    return [f.get("code", "") for f in failures if f.get("code") not in NOT_ON_TRUST_LIST]


def _creative_work(manifest):
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("stds.schema-org.CreativeWork"):
            return assertion.get("data") or {}
    return {}


def _actions(manifest):
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            return (assertion.get("data") or {}).get("actions", [])
    return []


def _names(value):
    items = value if isinstance(value, list) else [value] if value else []
    return [i.get("name", "") if isinstance(i, dict) else str(i) for i in items if i]


def summarize(store):
    """The plain claims of a manifest store (Reader.json()), as a JSON-ready dict."""
    manifests = store.get("manifests", {})
    manifest = manifests.get(store.get("active_manifest"), {})
    signature = manifest.get("signature_info") or {}
    work = _creative_work(manifest)
    actions = _actions(manifest)
    problems = _failures(store.get("validation_results"))
    source_types = [source_type_term(a.get("digitalSourceType")) for a in actions]
    ingredients = []
    for ingredient in manifest.get("ingredients", []):
        parent = manifests.get(ingredient.get("active_manifest"), {})
        parent_source = [source_type_term(a.get("digitalSourceType")) for a in _actions(parent)]
        ingredients.append(
            {
                "title": ingredient.get("title", ""),
                "relationship": ingredient.get("relationship", ""),
                "signer": (parent.get("signature_info") or {}).get("issuer", ""),
                "credit": _creative_work(parent).get("creditText", ""),
                "digital_source_type": next((t for t in parent_source if t), ""),
                "valid": bool(parent) and not _failures(ingredient.get("validation_results")),
            }
        )
    state = store.get("validation_state") or ("Invalid" if problems else "Valid")
    return {
        "state": "Invalid" if problems else state,
        "problems": problems,
        "signer": signature.get("issuer", ""),
        "signer_name": signature.get("common_name", ""),
        "signed_at": signature.get("time", ""),
        "generator": ((manifest.get("claim_generator_info") or [{}])[0]).get("name", ""),
        "actions": [a.get("action", "") for a in actions],
        "digital_source_type": next((t for t in source_types if t), ""),
        "credit": work.get("creditText", ""),
        "publisher": ", ".join(_names(work.get("publisher"))),
        "authors": _names(work.get("author")),
        "ingredients": ingredients,
    }


def claims_in_words(summary):
    """(label, text) lines describing a summary, for the admin and the reader panel."""
    if not summary or not summary.get("state"):
        return []
    lines = []
    if summary.get("publisher"):
        lines.append(("Published by", summary["publisher"]))
    signer = summary.get("signer") or summary.get("signer_name")
    if signer:
        who = (
            signer
            if not summary.get("signer_name") or summary["signer_name"] == signer
            else f"{signer} ({summary['signer_name']})"
        )
        lines.append(("Signed by", who))
    if summary.get("authors"):
        lines.append(("Made by", ", ".join(summary["authors"])))
    if summary.get("credit"):
        lines.append(("Credit", summary["credit"]))
    if summary.get("digital_source_type"):
        lines.append(("What it is", SOURCE_TYPE_WORDS.get(summary["digital_source_type"], "")))
    done = [action_words(a) for a in summary.get("actions", []) if a]
    if done:
        lines.append(("What was done", ", ".join(done).capitalize()))
    for ingredient in summary.get("ingredients", []):
        if ingredient.get("relationship") != "parentOf":
            continue
        if ingredient.get("signer"):
            text = f"Signed by {ingredient['signer']}" + ("" if ingredient.get("valid") else " (signature not intact)")
        else:
            text = "Came without content credentials"
        lines.append(("Original picture", text))
    lines.append(("Signature", signature_words(summary)))
    return lines


def signature_words(summary):
    """Whether the signature holds, in words."""
    if summary.get("state") == "Invalid":
        reasons = sorted({PROBLEM_WORDS.get(code, code) for code in summary.get("problems", [])})
        return "Not intact: " + "; ".join(reasons) if reasons else "Not intact"
    if summary.get("state") == "Unverified":
        return "Not checked: " + "; ".join(PROBLEM_WORDS.get(code, code) for code in summary.get("problems", []))
    if summary.get("state") == "Trusted":
        return "Intact, from a certificate on the trust list"
    return "Intact"
