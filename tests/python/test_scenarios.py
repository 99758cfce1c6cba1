"""Scenarios from Python load, override and fail exactly as on the command line."""
import pytest
import yaml

import tonnsim
from conftest import QUICKSTART, TINY


def cli_error(cli, *args):
    """The message `tonnsim` prints for bad input (exit status 2), without 'error: '."""
    done = cli(*args, check=False)
    assert done.returncode == 2, done.stderr
    return "\n".join(line[len("error: "):] for line in done.stderr.splitlines()
                     if line.startswith("error: "))


def test_a_scenario_file_loads_with_the_values_of_the_file():
    s = tonnsim.load_scenario(QUICKSTART)
    assert s.name == str(QUICKSTART)
    run = yaml.safe_load(QUICKSTART.read_text())["run"]
    assert s.iterations == run["iterations"] and s.seed == run["seed"]
    assert s.choices["chip.model"] == "photonic"
    assert s.choices["pde.kind"] == "hjb20_varying"
    assert s.text == QUICKSTART.read_text()


def test_overrides_apply_in_order_and_are_recorded_like_set_options():
    s = tonnsim.load_scenario(TINY, {"run.iterations": 7, "chip.topology": "reck"})
    assert s.iterations == 7
    assert s.choices["chip.topology"] == "reck"
    assert s.overrides == ["run.iterations=7", "chip.topology=reck"]
    t = s.with_overrides(["run.iterations=9"])
    assert t.iterations == 9 and s.iterations == 7
    assert "iterations: 9" in t.effective_yaml


def test_a_dict_of_sections_binds_to_the_same_scenario_as_the_file():
    from_file = tonnsim.load_scenario(TINY)
    from_dict = tonnsim.load_scenario(yaml.safe_load(TINY.read_text()))
    assert from_dict.choices == from_file.choices
    assert from_dict.iterations == from_file.iterations and from_dict.seed == from_file.seed
    # Floats survive the trip (shortest round-trip text).
    s = tonnsim.load_scenario({"optimizer": {"learning_rate": {"initial": 0.1 + 0.2}}})
    assert "0.30000000000000004" in s.effective_yaml


def test_a_misspelt_key_raises_with_the_file_line_column_message_of_the_cli(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.read_text().replace("eval_every: 3", "eval_evry: 3"))
    with pytest.raises(tonnsim.InputError) as caught:
        tonnsim.load_scenario(bad)
    message = str(caught.value)
    assert message == cli_error(cli, "check", bad)
    line = next(i for i, l in enumerate(bad.read_text().splitlines(), 1) if "eval_evry" in l)
    assert message.startswith(f"{bad}:{line}:")
    assert "eval_every" in message  # did-you-mean
    assert isinstance(caught.value, ValueError)


def test_a_bad_override_raises_the_cli_message_naming_the_override(cli):
    with pytest.raises(tonnsim.InputError) as caught:
        tonnsim.load_scenario(TINY, ["run.iterations=0"])
    assert str(caught.value) == cli_error(cli, "check", TINY, "--set", "run.iterations=0")
    assert "from --set run.iterations=0" in str(caught.value)


def test_a_bad_value_in_a_dict_points_at_its_line_in_the_dict_document():
    with pytest.raises(tonnsim.InputError) as caught:
        tonnsim.load_scenario({"run": {"seed": 1, "eval_every": -4}}, name="mine")
    assert str(caught.value).startswith("mine:")
    assert "eval_every" in str(caught.value)


def test_yaml_syntax_errors_and_missing_files_raise_input_errors(tmp_path, cli):
    broken = tmp_path / "broken.yaml"
    broken.write_text("run: {iterations: 3\n")
    with pytest.raises(tonnsim.InputError) as caught:
        tonnsim.load_scenario(broken)
    assert str(caught.value) == cli_error(cli, "check", broken)
    with pytest.raises(tonnsim.InputError, match="cannot read"):
        tonnsim.load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(TypeError):
        tonnsim.load_scenario({"run": {"seed": object()}})
