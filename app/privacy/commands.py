"""`flask pii rotate-keys`: re-encrypt every personal field under the newest key."""

import click

from app.privacy import bp
from app.privacy.keys import rotate_keys


@bp.cli.command("rotate-keys")
@click.option("--batch-size", type=int, default=None, help="Rows per transaction.")
def rotate_keys_command(batch_size):
    """Re-encrypt every encrypted field with the newest PII_ENCRYPTION_KEYS key
    (resumable: run it again after a crash; rows already on the newest key are
    skipped). Afterwards the older keys can be removed."""
    report = rotate_keys(batch_size=batch_size)
    for name in sorted(report.rotated):
        click.echo(
            f"{name}: {report.rotated[name]} re-encrypted, "
            f"{report.current[name]} already on the newest key"
        )
    click.echo(
        f"Done: {report.total_rotated} re-encrypted, "
        f"{report.total_current} already current."
    )
