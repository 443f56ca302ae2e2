# aws-powertools/powertools-lambda-python: a typed Python library. Hooks: ruff, black, mypy
# on the package (aws_lambda_powertools/, 243 modules), with the project's own ruff.toml,
# pyproject.toml ([tool.black]) and mypy.ini.
src=/work/.mirror/aws-powertools+powertools-lambda-python/repo
commit=fa1c29f2d497a7c233f06eb69d0f7ee1b187a9e4
edit=aws_lambda_powertools/metrics/metrics.py
caches=(.mypy_cache .ruff_cache)
