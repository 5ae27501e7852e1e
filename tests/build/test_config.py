"""`extra.djkb_build` in mkdocs.yml: typed settings, unknown or ill-typed ones fail the build with the valid ones listed."""

from __future__ import annotations

from tests.conftest import make_project, run_mkdocs_build


def _with_settings(project, block: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "extra:\n  generator: false\n" in text
    config.write_text(
        text.replace("extra:\n  generator: false\n", "extra:\n  generator: false\n  djkb_build:\n" + block),
        encoding="utf-8",
    )


def test_an_unknown_setting_fails_the_build_and_lists_the_valid_ones(tmp_path):
    project = make_project(tmp_path)
    _with_settings(project, "    preveiw: true\n")
    result = run_mkdocs_build(project)
    assert result.returncode == 1
    assert (
        result.stderr
        == "ERROR   -  mkdocs.yml 中 extra.djkb_build 有不认识的设置：preveiw。可用的设置：bundle_date、data_dir、handbook_file、preview、selection。\n"
    )
    assert "Traceback" not in result.stderr


def test_a_setting_of_the_wrong_type_fails_the_build(tmp_path):
    project = make_project(tmp_path)
    _with_settings(project, "    preview: 是\n")
    result = run_mkdocs_build(project)
    assert result.returncode == 1
    assert "extra.djkb_build 的设置有误：\n  preview：" in result.stderr


def test_settings_are_read(tmp_path):
    """data_dir relative to mkdocs.yml; preview shows drafts."""
    project = make_project(tmp_path)
    (project / "data").rename(project / "records")
    _with_settings(project, "    data_dir: records\n    preview: true\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("watch:\n  - data\n", "watch:\n  - records\n"), encoding="utf-8"
    )
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "site" / "index.html").is_file()
