"""Runtime hook: the bundle leaves out PySide6.QtOpenGL (8.5 MB of bindings). pyqtgraph imports it at
module level (pyqtgraph/Qt/OpenGLHelpers.py) but uses it only for OpenGL rendering, which StateTrace never
switches on; a stand-in module keeps that import working and names what is missing if anything reaches
for it. (QtOpenGLWidgets, which pyqtgraph's views subclass, stays in the bundle: it does not need it.)"""

import sys
import types


class _NotInThisBuild(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(f"PySide6.QtOpenGL.{name}: OpenGL rendering is not part of this build")


sys.modules.setdefault("PySide6.QtOpenGL", _NotInThisBuild("PySide6.QtOpenGL"))
