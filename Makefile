.PHONY: demo test lint bench messages

demo:  ## set up and run the demo on http://127.0.0.1:8000
	bash scripts/demo.sh

test:  ## set up and run every check on SQLite and PostgreSQL
	bash scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

APP_CATALOGUES = notify
APP_CATALOGUES += sales
APP_CATALOGUES += complaints
APP_CATALOGUES += visits
APP_CATALOGUES += assessment
APP_CATALOGUES += guests
APP_CATALOGUES += procedures
APP_CATALOGUES += portal
APP_CATALOGUES += files
APP_CATALOGUES += reports
APP_CATALOGUES += field
APP_CATALOGUES += accounts
APP_CATALOGUES += notices

messages:  ## refresh and compile translations (root catalogue, then each app's own)
	.venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles \
	  --ignore=test-results --ignore=bench $(foreach app,$(APP_CATALOGUES),--ignore=kefu/$(app))
	for app in $(APP_CATALOGUES); do \
	  (cd kefu/$$app && ../../.venv/bin/python ../../manage.py makemessages -l zh_Hans -l en); \
	done
	.venv/bin/python manage.py compilemessages --ignore=.venv

bench:
	.venv/bin/python bench/intake.py
