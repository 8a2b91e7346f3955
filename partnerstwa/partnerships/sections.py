"""Sections that apps above partnerships add to a partnership's public page (lib.sections):
registered in their AppConfig.ready(), rendered by the page's view in that order."""

from partnerstwa.lib.sections import PageSections

PARTNERSHIP_SECTIONS = PageSections()
partnership_section_register = PARTNERSHIP_SECTIONS.register
partnership_sections = PARTNERSHIP_SECTIONS.render
