"""The metadata database: connection factory, migrations and one repository per aggregate."""
