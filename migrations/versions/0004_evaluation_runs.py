"""evaluation runs, stored so they survive a restart and run outside the serving process

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import models


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('evaluation_runs',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('runner', sa.String(length=64), nullable=True),
    sa.Column('created_at', models.UTCDateTime(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_runs'))
    )
    with op.batch_alter_table('evaluation_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_runs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_runs_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evaluation_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_runs_state'))
        batch_op.drop_index(batch_op.f('ix_evaluation_runs_created_at'))
    op.drop_table('evaluation_runs')
