# A yearly period (issue #12): the KPI report of a calendar year in one pass; a
# yearly named report names its month (run_month, January if empty).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_named_schedules"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportschedule",
            name="run_month",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Yearly only: the month it is sent in, 1–12; empty: January.",
                null=True,
                verbose_name="month",
            ),
        ),
        migrations.AlterField(
            model_name="generatedreport",
            name="period",
            field=models.CharField(
                choices=[
                    ("daily", "Daily"),
                    ("weekly", "Weekly"),
                    ("monthly", "Monthly"),
                    ("yearly", "Yearly"),
                ],
                max_length=10,
                verbose_name="period",
            ),
        ),
        migrations.AlterField(
            model_name="reportschedule",
            name="period",
            field=models.CharField(
                choices=[
                    ("daily", "Daily"),
                    ("weekly", "Weekly"),
                    ("monthly", "Monthly"),
                    ("yearly", "Yearly"),
                ],
                max_length=10,
                verbose_name="period",
            ),
        ),
        migrations.AlterField(
            model_name="reportschedule",
            name="run_day",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Monthly and yearly: the day of the month (the 30th is the last day of February); weekly: 1 = Monday … 7 = Sunday; empty: the first day of the period.",
                null=True,
                verbose_name="day",
            ),
        ),
    ]
