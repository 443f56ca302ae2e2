"""Reads hookrun's reports with the tools CI systems' users reach for, for report tests.

    python validate.py schema SCHEMA REPORT...  validate each REPORT against a JSON Schema
                                                (python-jsonschema, every format checked);
                                                prints each error, exits 1 if any
    python validate.py junit REPORT           parse a JUnit XML file with junitparser;
                                              prints what it read as JSON

Needs the packages pinned in testdata/tools/requirements.txt: jsonschema, with
rfc3986-validator so that it checks "uri" and "uri-reference" formats, and junitparser.
"""

import json
import sys


def schema(schema_path, *report_paths):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    failed = 0
    for path in report_paths:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
        for e in errors:
            print(path + ": /" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message)
        failed = failed or bool(errors)
    return 1 if failed else 0


def junit(report_path):
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite

    xml = JUnitXml.fromfile(report_path)
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    out = {"suites": []}
    for suite in suites:
        s = {
            "name": suite.name,
            "tests": suite.tests,
            "failures": suite.failures,
            "errors": suite.errors,
            "skipped": suite.skipped,
            "time": suite.time,
            "cases": [],
        }
        for case in suite:
            kinds = {Failure: "failure", Error: "error", Skipped: "skipped"}
            s["cases"].append({
                "name": case.name,
                "classname": case.classname,
                "time": case.time,
                "results": [
                    {"kind": kinds[type(r)], "message": r.message, "type": r.type, "text": r.text}
                    for r in case.result
                ],
                "system_out": case.system_out,
            })
        # Recount from the test cases, as CI systems do, to catch stale totals.
        suite.update_statistics()
        s["recounted"] = {
            "tests": suite.tests,
            "failures": suite.failures,
            "errors": suite.errors,
            "skipped": suite.skipped,
        }
        out["suites"].append(s)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    sys.exit({"schema": schema, "junit": junit}[cmd](*args))
