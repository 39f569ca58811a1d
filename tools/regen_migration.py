"""Regenerate migrations/versions/0001_initial.py from the models.

Allowed only until the first release (no database in the field has 0001 yet). After
that, every schema change is a new migration.  Usage: .venv/bin/python tools/regen_migration.py
"""

import os
import shutil
import subprocess
import sys
import tempfile

home = tempfile.mkdtemp()
os.environ["CONTROLROOM_HOME"] = home
os.environ.pop("CONTROLROOM_DB_URL", None)

from alembic import command  # noqa: E402

from controlroom.records.db import MIGRATIONS, open_database  # noqa: E402

target = MIGRATIONS / "versions" / "0001_initial.py"
target.unlink(missing_ok=True)
db = open_database()
command.revision(db.alembic_config(), message="initial schema", autogenerate=True, rev_id="0001")
(gen,) = (MIGRATIONS / "versions").glob("0001_*.py")
gen.rename(target)
text = target.read_text()
text = "\n".join(line for line in text.splitlines() if not line.startswith("Create Date")) + "\n"
target.write_text(text)
shutil.rmtree(home)
subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(target)], check=False)
subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "-q", str(target)], check=False)
print(f"wrote {target}")
