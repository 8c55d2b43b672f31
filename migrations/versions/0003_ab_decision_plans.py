"""ab tests declare a decision plan; variants may carry re-rank settings; interleaved lists
record which ranker placed each rank; a retrain mid-test starts a new phase

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults: tests created before plans existed get the documented defaults.
    with op.batch_alter_table("ab_tests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("primary_metric", sa.String(20), server_default="ctr", nullable=False)
        )
        batch_op.add_column(
            sa.Column("guardrail_metrics", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("decision_rule", sa.String(20), server_default="sequential", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "minimum_detectable_effect", sa.Float(), server_default="0.05", nullable=False
            )
        )
        batch_op.add_column(sa.Column("power", sa.Float(), server_default="0.8", nullable=False))
        batch_op.add_column(sa.Column("alpha", sa.Float(), server_default="0.05", nullable=False))
        batch_op.add_column(sa.Column("planned_users_per_variant", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("planned_duration_days", sa.Integer(), server_default="14", nullable=False)
        )
    with op.batch_alter_table("ab_variants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rerank", sa.JSON(), nullable=True))
    op.create_table(
        "ab_interleaved_items",
        sa.Column("impression_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["impression_id"],
            ["ab_impressions.impression_id"],
            name=op.f("fk_ab_interleaved_items_impression_id_ab_impressions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["ab_variants.id"],
            name=op.f("fk_ab_interleaved_items_variant_id_ab_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("impression_id", "position", name=op.f("pk_ab_interleaved_items")),
    )


    op.create_table(
        "ab_phases",
        sa.Column("test_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("started_at", models.UTCDateTime(), nullable=False),
        sa.Column("model_build", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_id"],
            ["ab_tests.id"],
            name=op.f("fk_ab_phases_test_id_ab_tests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("test_id", "phase", name=op.f("pk_ab_phases")),
    )


def downgrade() -> None:
    op.drop_table("ab_phases")
    op.drop_table("ab_interleaved_items")
    with op.batch_alter_table("ab_variants", schema=None) as batch_op:
        batch_op.drop_column("rerank")
    with op.batch_alter_table("ab_tests", schema=None) as batch_op:
        for column in (
            "planned_duration_days",
            "planned_users_per_variant",
            "alpha",
            "power",
            "minimum_detectable_effect",
            "decision_rule",
            "guardrail_metrics",
            "primary_metric",
        ):
            batch_op.drop_column(column)
