.PHONY: demo test lint bench messages

demo:  ## set up and run the demo on http://127.0.0.1:8000
	bash scripts/demo.sh

test:  ## set up and run every check on SQLite and PostgreSQL
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

messages:  ## refresh and compile translations
	.venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles
	.venv/bin/python manage.py compilemessages --ignore=.venv

bench:
	.venv/bin/python bench/intake.py
