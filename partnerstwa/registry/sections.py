"""Sections that apps above the registry add to a local government's public page
(/samorzady/<code>/, lib.sections): registered in their AppConfig.ready(), given the page's
organisation (the unit's local government), rendered below its details in that order."""

from partnerstwa.lib.sections import PageSections

ORGANISATION_SECTIONS = PageSections()
organisation_section_register = ORGANISATION_SECTIONS.register
organisation_sections = ORGANISATION_SECTIONS.render
