"""Professional conduct (PROF): PROF001-PROF005 remarks about patients, colleagues and groups, swearing and
sexual remarks (remarks.py); PROF006 venting and PROF007 political or religious views urged on others
(venting.py)."""
