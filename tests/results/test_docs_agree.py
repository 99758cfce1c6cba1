"""The quick start's time is quoted in three places (issue 16: they once gave three different
times): README.md, the header of scenarios/quickstart.yaml and the user guide's table of
shipped scenarios. They must quote the same number of minutes."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def minutes(path, pattern):
    text = (ROOT / path).read_text()
    found = re.findall(pattern, text)
    assert found, f"{path}: no quick-start time matching {pattern!r}"
    assert len(set(found)) == 1, f"{path}: several quick-start times {found}"
    return int(found[0])


def test_readme_scenario_header_and_user_guide_quote_one_quick_start_time():
    readme = minutes("README.md", r"about (\d+) minutes? on 2 idle\s+cores")
    header = minutes("scenarios/quickstart.yaml", r"(?m)^# Quick start \(about (\d+) minutes? on 2 idle cores")
    guide = minutes("docs/user-guide.md", r"\| `quickstart\.yaml` \|.*\| ~(\d+) min \([\d,]+ it\.\) \|")
    assert readme == header == guide
