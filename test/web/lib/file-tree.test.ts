import { describe, expect, it } from 'vitest';
import { buildFileTree, describeChecksum, type TreeFolder, type TreeNode } from '../../../web/src/lib/file-tree.ts';

const file = (path: string, sizeBytes: number) => ({ path, sizeBytes, file: path });
const names = (folder: TreeFolder<string>): string[] => folder.children.map((c) => c.name);
const folderAt = (node: TreeNode<string> | undefined): TreeFolder<string> => {
  if (node?.kind !== 'folder') throw new Error('not a folder');
  return node;
};

describe("a product's file tree", () => {
  // The layout of a Sentinel-2 L2A SAFE, as its STAC assets title the files.
  const tree = buildFileTree([
    file('MTD_MSIL2A.xml', 50_000),
    file('GRANULE/L2A_T33UUP_A041131/IMG_DATA/R10m/T33UUP_B04_10m.jp2', 2_000_000),
    file('manifest.safe', 20_000),
    file('GRANULE/L2A_T33UUP_A041131/QI_DATA/T33UUP_PVI.jpg', 3_000),
    file('GRANULE/L2A_T33UUP_A041131/IMG_DATA/R10m/T33UUP_B03_10m.jp2', 1_900_000),
    file('GRANULE/L2A_T33UUP_A041131/MTD_TL.xml', 600_000),
  ]);

  it('nests files in their folders, folders first and each level by name', () => {
    expect(names(tree)).toEqual(['GRANULE', 'manifest.safe', 'MTD_MSIL2A.xml']);
    const granule = folderAt(folderAt(tree.children[0]).children[0]);
    expect(granule.path).toBe('GRANULE/L2A_T33UUP_A041131');
    expect(names(granule)).toEqual(['IMG_DATA', 'QI_DATA', 'MTD_TL.xml']);
    const r10m = folderAt(folderAt(granule.children[0]).children[0]);
    expect(names(r10m)).toEqual(['T33UUP_B03_10m.jp2', 'T33UUP_B04_10m.jp2']);
    expect(r10m.children[0]).toMatchObject({
      kind: 'file',
      path: 'GRANULE/L2A_T33UUP_A041131/IMG_DATA/R10m/T33UUP_B03_10m.jp2',
      sizeBytes: 1_900_000,
    });
  });

  it('gives every folder the total size and number of the files below it', () => {
    expect(tree).toMatchObject({ sizeBytes: 4_573_000, fileCount: 6 });
    const granule = folderAt(folderAt(tree.children[0]).children[0]);
    expect(granule).toMatchObject({ sizeBytes: 4_503_000, fileCount: 4 });
    expect(folderAt(granule.children[0])).toMatchObject({ name: 'IMG_DATA', sizeBytes: 3_900_000, fileCount: 2 });
  });

  it('is a single level for a product of files at its top', () => {
    const flat = buildFileTree([file('b.nc', 2), file('a.nc', 1)]);
    expect(names(flat)).toEqual(['a.nc', 'b.nc']);
    expect(flat.fileCount).toBe(2);
  });
});

describe('a checksum as the portal shows it', () => {
  it('names the hash function of a multihash and keeps its digest', () => {
    expect(describeChecksum('1e20c191470bd036bb48c116f624b2b4c87b3b6634ff026af0933fcc3e47275a0727')).toEqual({
      algorithm: 'BLAKE3',
      digest: 'c191470bd036bb48c116f624b2b4c87b3b6634ff026af0933fcc3e47275a0727',
    });
    expect(describeChecksum('d5011000112233445566778899aabbccddeeff')).toEqual({
      algorithm: 'MD5',
      digest: '00112233445566778899aabbccddeeff',
    });
  });

  it('shows an unknown kind of checksum whole', () => {
    expect(describeChecksum('abcdef')).toEqual({ algorithm: '', digest: 'abcdef' });
  });
});
