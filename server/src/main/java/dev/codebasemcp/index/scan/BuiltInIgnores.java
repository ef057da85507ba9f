package dev.codebasemcp.index.scan;

/**
 * What codebase-mcp leaves out of an index unless a repository's own ignore files say otherwise:
 * dependencies, build outputs, virtualenvs, lock files, minified bundles and binary formats, none
 * of which is source a person wrote. Written in gitignore syntax and applied with the lowest
 * priority, so {@code !dist/} in a .gitignore or .codebase-mcp-ignore brings {@code dist/} back.
 * Thread-safe (constants only).
 *
 * <p>Two rules cannot be written as patterns and live in {@link RepositoryScanner}: {@code .git} is
 * never indexed (not even when negated), and any directory holding a {@code pyvenv.cfg} is a Python
 * virtualenv whatever its name (such as {@code env/}), unless a user pattern matches it.
 */
final class BuiltInIgnores {
  /**
   * The defaults, in gitignore syntax. Comments say why an entry is here when it is not obvious.
   */
  static final String TEXT =
      """
      # Other version control systems' metadata.
      .hg/
      .svn/

      # Dependencies.
      node_modules/
      bower_components/
      jspm_packages/

      # Build outputs and tool caches. Not "bin/": it often holds hand-written scripts.
      target/
      build/
      dist/
      out/
      .gradle/
      .next/
      .nuxt/
      .output/
      .svelte-kit/
      .angular/
      .turbo/
      .parcel-cache/
      .cache/
      __pycache__/
      .eggs/
      *.egg-info/
      .tox/
      .nox/
      .mypy_cache/
      .pytest_cache/
      .ruff_cache/
      .nyc_output/
      htmlcov/
      .terraform/
      cmake-build-*/
      .idea/
      .vs/

      # Python virtualenvs by their usual names; any other name is caught by its pyvenv.cfg.
      .venv/
      venv/

      # Lock files: generated, long, and noise in search results.
      package-lock.json
      npm-shrinkwrap.json
      yarn.lock
      pnpm-lock.yaml
      bun.lock
      bun.lockb
      Cargo.lock
      poetry.lock
      Pipfile.lock
      pdm.lock
      uv.lock
      go.sum
      composer.lock
      Gemfile.lock
      mix.lock
      flake.lock
      Podfile.lock
      pubspec.lock
      Package.resolved
      packages.lock.json
      gradle.lockfile
      .terraform.lock.hcl

      # Minified bundles and source maps.
      *.min.js
      *.min.mjs
      *.min.css
      *.map

      # Images (SVG is text and sometimes hand-written, so it stays).
      *.png
      *.jpg
      *.jpeg
      *.gif
      *.bmp
      *.ico
      *.icns
      *.tif
      *.tiff
      *.webp
      *.avif
      *.heic
      *.psd

      # Audio and video.
      *.mp3
      *.mp4
      *.m4a
      *.m4v
      *.wav
      *.ogg
      *.flac
      *.aac
      *.avi
      *.mov
      *.mkv
      *.webm

      # Fonts.
      *.woff
      *.woff2
      *.ttf
      *.otf
      *.eot

      # Office documents.
      *.pdf
      *.doc
      *.docx
      *.xls
      *.xlsx
      *.ppt
      *.pptx
      *.odt
      *.ods
      *.odp

      # Archives and packages.
      *.zip
      *.gz
      *.tgz
      *.bz2
      *.xz
      *.zst
      *.7z
      *.rar
      *.tar
      *.jar
      *.war
      *.ear
      *.aar
      *.whl
      *.nupkg
      *.deb
      *.rpm
      *.dmg
      *.iso
      *.apk
      *.ipa

      # Compiled code and other binaries.
      *.class
      *.o
      *.obj
      *.a
      *.lib
      *.so
      *.dylib
      *.dll
      *.exe
      *.pyc
      *.pyo
      *.pyd
      *.wasm
      *.bin
      *.node

      # Databases.
      *.sqlite
      *.sqlite3
      *.db

      # Operating system litter.
      .DS_Store
      Thumbs.db
      """;

  /** The defaults, parsed. */
  static final IgnoreFile FILE = IgnoreFile.parse("", TEXT);

  private BuiltInIgnores() {}
}
