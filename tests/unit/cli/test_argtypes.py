"""cli/argtypes.py: values refused as argparse reads them, one line each."""

import argparse

import pytest

from nova_glance_v2.cli import argtypes


@pytest.mark.parametrize("text", ["", "  ", "Region\nTwo", "a\tb",
                                  "x\u2028y"])
def test_one_line_refuses_blank_and_control_characters(text):
    with pytest.raises(argparse.ArgumentTypeError) as raised:
        argtypes.one_line(text)
    assert "\n" not in str(raised.value)


def test_one_line_keeps_the_value_as_given():
    assert argtypes.one_line(" Région 2 ") == " Région 2 "


def test_csv_list_strips_items_and_refuses_empty_ones():
    assert argtypes.csv_list(" a , b") == ["a", "b"]
    for text in ("a,,b", "a,", ","):
        with pytest.raises(argparse.ArgumentTypeError, match="empty item"):
            argtypes.csv_list(text)


def test_interface_list_is_interfaces_parse_as_a_usage_error():
    assert argtypes.interface_list("internal,public") == ("internal",
                                                          "public")
    with pytest.raises(argparse.ArgumentTypeError) as raised:
        argtypes.interface_list("internal,private")
    assert "'internal,private' is not a comma separated list" in str(
        raised.value)


@pytest.mark.parametrize(("text", "number"), [("1", 1), ("65535", 65535),
                                              (" 7 ", 7)])
def test_ports(text, number):
    assert argtypes.port(text) == number


@pytest.mark.parametrize("text", ["0", "-1", "65536", "1.5", "x", ""])
def test_not_ports(text):
    with pytest.raises(argparse.ArgumentTypeError):
        argtypes.port(text)


def test_positive_int_through_argparse_is_a_usage_error(capsys):
    parser = argparse.ArgumentParser(prog="p")
    parser.add_argument("--n", type=argtypes.positive_int)
    assert parser.parse_args(["--n", "3"]).n == 3
    with pytest.raises(SystemExit) as raised:
        parser.parse_args(["--n", "0"])
    assert raised.value.code == 2
    assert "'0' is not a whole number above zero" in capsys.readouterr().err
