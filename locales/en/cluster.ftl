# (filled by the i18n migration)
