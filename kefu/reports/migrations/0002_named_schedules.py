# Named report dates (issue #12): a schedule's code, name, preset, day, time and
# periods back; generated reports keep their schedule and named date.

import datetime

import django.db.models.deletion
from django.db import migrations, models


def codes_from_periods(apps, schema_editor):
    """Existing schedules were unique per site and period: the period is their code."""
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    for schedule in ReportSchedule.objects.all():
        schedule.code = schedule.period
        schedule.save(update_fields=["code"])


def link_generated_reports(apps, schema_editor):
    """A report generated before was its site's schedule of that period."""
    ReportSchedule = apps.get_model("reports", "ReportSchedule")
    GeneratedReport = apps.get_model("reports", "GeneratedReport")
    for schedule in ReportSchedule.objects.all():
        GeneratedReport.objects.filter(site_id=schedule.site_id, period=schedule.period).update(
            schedule=schedule
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportschedule",
            name="code",
            field=models.SlugField(default="", max_length=40, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.RunPython(codes_from_periods, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="reportschedule",
            name="reports_schedule_site_period",
        ),
        migrations.AddField(
            model_name="reportschedule",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="reportschedule",
            name="preset_key",
            field=models.CharField(blank=True, max_length=40, verbose_name="preset"),
        ),
        migrations.AddField(
            model_name="reportschedule",
            name="run_day",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Monthly: the day of the month (the 30th is the last day of February); weekly: 1 = Monday … 7 = Sunday; empty: the first day of the period.",
                null=True,
                verbose_name="day",
            ),
        ),
        migrations.AddField(
            model_name="reportschedule",
            name="run_time",
            field=models.TimeField(default=datetime.time(0, 0), verbose_name="time"),
        ),
        migrations.AddField(
            model_name="reportschedule",
            name="lag",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="1: the last complete period; 2: the one before; 0: the current one to date.",
                verbose_name="periods back",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportschedule",
            constraint=models.UniqueConstraint(
                fields=("site", "code"), name="reports_schedule_site_code"
            ),
        ),
        migrations.AddConstraint(
            model_name="reportschedule",
            constraint=models.CheckConstraint(
                condition=models.Q(("lag__lte", 3)), name="reports_schedule_lag_range"
            ),
        ),
        migrations.AddField(
            model_name="generatedreport",
            name="schedule",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="reports.reportschedule",
                verbose_name="scheduled report",
            ),
        ),
        migrations.AddField(
            model_name="generatedreport",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="named date"),
        ),
        migrations.RunPython(link_generated_reports, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="generatedreport",
            name="reports_generated_once",
        ),
        migrations.AddConstraint(
            model_name="generatedreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("schedule__isnull", False)),
                fields=("schedule", "starts_on"),
                name="reports_generated_once_per_schedule",
            ),
        ),
        migrations.AddConstraint(
            model_name="generatedreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("schedule__isnull", True)),
                fields=("site", "period", "starts_on"),
                name="reports_generated_once",
            ),
        ),
    ]
