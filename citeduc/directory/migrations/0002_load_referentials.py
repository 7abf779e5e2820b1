from typing import Any

from django.db import migrations

from citeduc.directory.referentials import ensure_vocabularies


def load(apps: Any, schema_editor: Any) -> None:
    ensure_vocabularies(apps.get_model("directory", "Theme"), apps.get_model("directory", "Public"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
