// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory balloon, managed entirely in the kernel (as mainline does):
 * on a balloon change request the worker asks the host for the target size
 * and gives it pages, or takes them back, one 1 MiB chunk (256 pages) per
 * request.  The size stays host-controlled: userspace can only read it
 * (CHECK_BALLOON).  The balloon is emptied before the driver goes away, so
 * no page the host still counts as ballooned returns to the kernel.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "vbg_core_internal.h"

/**
 * vbg_balloon_change - send one ChangeMemBalloon request.
 * @gdev: the device
 * @pages: the chunk's pages
 * @inflate: true to give them to the host, false to take them back
 *
 * Return: 0 or a negative errno (the failure is logged).
 */
static int vbg_balloon_change(struct vbg_dev *gdev, struct page **pages,
			      bool inflate)
{
	struct vmmdev_memballoon_change *req = gdev->mem_balloon_change_req;
	unsigned int i;
	int rc;

	req->header.rc = VERR_GENERAL_FAILURE;
	req->pages = VMMDEV_MEMORY_BALLOON_CHUNK_PAGES;
	req->inflate = inflate ? 1 : 0;
	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++)
		req->phys_page[i] = page_to_phys(pages[i]);

	rc = vbg_req_perform(gdev, req);
	if (rc < 0) {
		dev_err(gdev->dev, "%s the balloon failed: %d\n",
			inflate ? "inflating" : "deflating", rc);
		return vbg_status_code_to_errno(rc);
	}
	return 0;
}

static void vbg_balloon_free_pages(struct page **pages, unsigned int count)
{
	while (count--)
		__free_page(pages[count]);
	kfree(pages);
}

/**
 * vbg_balloon_inflate - grow the balloon by one chunk.
 * @gdev: the device
 *
 * Return: 0 or a negative errno.
 */
static int vbg_balloon_inflate(struct vbg_dev *gdev)
{
	struct page **pages;
	unsigned int i;
	int ret;

	pages = kmalloc_array(VMMDEV_MEMORY_BALLOON_CHUNK_PAGES, sizeof(*pages),
			      GFP_KERNEL | __GFP_NOWARN);
	if (!pages)
		return -ENOMEM;

	for (i = 0; i < VMMDEV_MEMORY_BALLOON_CHUNK_PAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (!pages[i]) {
			vbg_balloon_free_pages(pages, i);
			return -ENOMEM;
		}
	}

	ret = vbg_balloon_change(gdev, pages, true);
	if (ret) {
		vbg_balloon_free_pages(pages,
				       VMMDEV_MEMORY_BALLOON_CHUNK_PAGES);
		return ret;
	}

	gdev->mem_balloon_pages[gdev->mem_balloon_chunks] = pages;
	WRITE_ONCE(gdev->mem_balloon_chunks, gdev->mem_balloon_chunks + 1);
	return 0;
}

/**
 * vbg_balloon_deflate - shrink the balloon by its topmost chunk.
 * @gdev: the device
 *
 * Pages the host did not take back stay in the balloon.
 *
 * Return: 0 or a negative errno.
 */
static int vbg_balloon_deflate(struct vbg_dev *gdev)
{
	u32 top = gdev->mem_balloon_chunks - 1;
	struct page **pages = gdev->mem_balloon_pages[top];
	int ret;

	ret = vbg_balloon_change(gdev, pages, false);
	if (ret)
		return ret;

	vbg_balloon_free_pages(pages, VMMDEV_MEMORY_BALLOON_CHUNK_PAGES);
	gdev->mem_balloon_pages[top] = NULL;
	WRITE_ONCE(gdev->mem_balloon_chunks, top);
	return 0;
}

/**
 * vbg_balloon_set_max - size the chunk table from the host's first answer.
 * @gdev: the device
 * @phys_mem_chunks: guest RAM in 1 MiB chunks, as the host reports it
 *
 * The host always reports the same RAM size, so the first answer fixes the
 * largest balloon for the lifetime of the driver.
 *
 * Return: 0 or a negative errno.
 */
static int vbg_balloon_set_max(struct vbg_dev *gdev, u32 phys_mem_chunks)
{
	if (!phys_mem_chunks) {
		dev_err(gdev->dev,
			"the host reports no guest memory for the balloon\n");
		return -EINVAL;
	}

	gdev->mem_balloon_pages = kvcalloc(
		phys_mem_chunks, sizeof(*gdev->mem_balloon_pages), GFP_KERNEL);
	if (!gdev->mem_balloon_pages)
		return -ENOMEM;

	gdev->mem_balloon_max_chunks = phys_mem_chunks;
	return 0;
}

/**
 * vbg_balloon_work - follow the host's balloon target.
 * @work: gdev->mem_balloon_work
 *
 * Runs on VMMDEV_EVENT_BALLOON_CHANGE_REQUEST.  Asking with event_ack set
 * tells the host the guest has seen the target.  A target beyond the guest
 * RAM the host reported is refused.  Inflating stops at the first failure
 * (memory is short); the next change request resumes from there.
 */
static void vbg_balloon_work(struct work_struct *work)
{
	struct vbg_dev *gdev =
		container_of(work, struct vbg_dev, mem_balloon_work);
	struct vmmdev_memballoon_info *req = gdev->mem_balloon_get_req;
	u32 target;
	int rc, ret = 0;

	req->header.rc = VERR_GENERAL_FAILURE;
	req->event_ack = VMMDEV_EVENT_BALLOON_CHANGE_REQUEST;
	rc = vbg_req_perform(gdev, req);
	if (rc < 0) {
		dev_err(gdev->dev, "querying the balloon target failed: %d\n",
			rc);
		return;
	}

	if (!gdev->mem_balloon_max_chunks &&
	    vbg_balloon_set_max(gdev, req->phys_mem_chunks))
		return;

	target = req->balloon_chunks;
	if (target > gdev->mem_balloon_max_chunks) {
		dev_err(gdev->dev,
			"balloon target of %u chunks exceeds the maximum of %u; ignored\n",
			target, gdev->mem_balloon_max_chunks);
		return;
	}

	while (!ret && gdev->mem_balloon_chunks < target)
		ret = vbg_balloon_inflate(gdev);
	while (!ret && gdev->mem_balloon_chunks > target)
		ret = vbg_balloon_deflate(gdev);

	if (ret)
		dev_err(gdev->dev, "balloon stopped at %u chunks of %u: %d\n",
			gdev->mem_balloon_chunks, target, ret);
}

/**
 * vbg_balloon_init - prepare the balloon (it starts empty).
 * @gdev: the device
 *
 * Return: 0 or -ENOMEM.
 */
int vbg_balloon_init(struct vbg_dev *gdev)
{
	INIT_WORK(&gdev->mem_balloon_work, vbg_balloon_work);

	gdev->mem_balloon_get_req = vbg_req_alloc(
		sizeof(*gdev->mem_balloon_get_req),
		VMMDEVREQ_GET_MEMBALLOON_CHANGE_REQ, VBG_KERNEL_REQUESTOR);
	gdev->mem_balloon_change_req = vbg_req_alloc(
		sizeof(*gdev->mem_balloon_change_req),
		VMMDEVREQ_CHANGE_MEMBALLOON, VBG_KERNEL_REQUESTOR);
	if (!gdev->mem_balloon_get_req || !gdev->mem_balloon_change_req) {
		vbg_balloon_exit(gdev);
		return -ENOMEM;
	}
	return 0;
}

/**
 * vbg_balloon_exit - stop the worker and give every chunk back.
 * @gdev: the device
 *
 * The interrupt handler must already be gone, so no new work is queued.
 * Chunks the host refuses to release are leaked, not freed: the host may
 * have taken their memory away.
 */
void vbg_balloon_exit(struct vbg_dev *gdev)
{
	cancel_work_sync(&gdev->mem_balloon_work);

	while (gdev->mem_balloon_chunks && gdev->mem_balloon_change_req) {
		if (vbg_balloon_deflate(gdev)) {
			dev_err(gdev->dev,
				"leaking %u balloon chunks the host did not release\n",
				gdev->mem_balloon_chunks);
			break;
		}
	}

	kvfree(gdev->mem_balloon_pages);
	gdev->mem_balloon_pages = NULL;
	gdev->mem_balloon_max_chunks = 0;
	gdev->mem_balloon_chunks = 0;
	vbg_req_free(gdev->mem_balloon_change_req,
		     sizeof(*gdev->mem_balloon_change_req));
	vbg_req_free(gdev->mem_balloon_get_req,
		     sizeof(*gdev->mem_balloon_get_req));
	gdev->mem_balloon_change_req = NULL;
	gdev->mem_balloon_get_req = NULL;
}
