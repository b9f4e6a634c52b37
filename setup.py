"""Package layout: generated/<pkg> and overlay/modelruns install as one distribution.

``overlay/modelruns/specs`` is a link to the top-level ``specs/`` folder, so the specs ship
inside the package (as package data) and installed stubs and conformance checks can read
them; pyproject.toml holds everything else.
"""

from setuptools import find_packages, setup

GENERATED = find_packages("generated")
OVERLAY = find_packages("overlay")

package_dir = {"": "overlay"}
package_dir.update({pkg: "generated/" + pkg.replace(".", "/") for pkg in GENERATED})

setup(
    packages=[*OVERLAY, *GENERATED],
    package_dir=package_dir,
    package_data={"modelruns": ["specs/*.yaml", "py.typed"], "": ["py.typed"]},
)
