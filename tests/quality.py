"""Page-quality checks shared by the tests: axe-core in the browser, the Nu HTML checker on HTML.

Both tools come from the npm registry (package.json); the Nu checker runs on the machine's
Java. In CI a missing tool fails the test; on a developer's machine it skips with the reason.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def require(condition, reason):
    """Fail in CI, skip elsewhere, when a tool the test needs is missing."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (run `make test`, which installs it)")
    pytest.skip(reason)


def axe_violations(page, tags=WCAG_TAGS):
    """Run axe-core on the page and return its violations."""
    require(AXE_JS.exists(), "axe-core is not installed in node_modules")
    # Evaluated through the automation channel, not as a <script> tag: the pages' Content
    # Security Policy blocks inline scripts, and the tests keep it in force.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return result["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=WCAG_TAGS):
    violations = axe_violations(page, tags)
    assert not violations, f"axe on {page.url}:\n{describe_violations(violations)}"


def nu_errors(documents):
    """Check HTML documents (name -> HTML) with one run of the Nu checker; return the errors.

    Each error is (name, line, message).
    """
    require(VNU_JAR.exists(), "vnu-jar is not installed in node_modules")
    require(shutil.which("java"), "Java is needed for the Nu HTML checker")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = name
        run = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                *map(str, Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [
        (
            paths.get(Path(urlparse(m.get("url", "")).path).name, m.get("url")),
            m.get("lastLine"),
            m["message"],
        )
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def assert_valid_html(documents):
    errors = nu_errors(documents)
    assert not errors, "Nu HTML checker:\n" + "\n".join(
        f"{name}:{line}: {message}" for name, line, message in errors
    )
