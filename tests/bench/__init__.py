"""`manage.py bench`: each figure of the speed targets beside its baseline of the same run."""
